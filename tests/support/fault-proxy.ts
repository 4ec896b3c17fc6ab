/**
 * A fault-injecting HTTP proxy on 127.0.0.1, put between the bot and a local platform stand-in
 * (the Slack API stub). Each request is forwarded unless the test's `decide` says otherwise; hooks
 * around the forward let a test kill the bot at an exact point of a send.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * `reset`: the connection drops before the platform acts. `lostAnswer`: the platform acts, then the
 * connection drops. `slow`: the answer comes `ms` late (the platform acts at once).
 */
export type ProxyAction =
  | { kind: "forward" }
  | { kind: "reset" }
  | { kind: "lostAnswer" }
  | { kind: "status"; status: 429; retryAfter: number }
  | { kind: "status"; status: 500 | 502 | 503 }
  | { kind: "slow"; ms: number };

export interface ProxiedRequest {
  /** The API method (`chat.postMessage`), i.e. the path after `/api/`. */
  method: string;
  /** 1 for the first request of this method, 2 for the second … */
  n: number;
}

export interface FaultProxyOptions {
  decide?: (req: ProxiedRequest) => ProxyAction;
  /** Before forwarding; the request is held until the promise settles. */
  beforeForward?: (req: ProxiedRequest) => void | Promise<void>;
  /** After the platform acted, before the caller hears back. */
  afterUpstream?: (req: ProxiedRequest) => void | Promise<void>;
  /** After the answer was written back to the caller. */
  afterReply?: (req: ProxiedRequest) => void | Promise<void>;
}

export class FaultProxy {
  readonly counts = new Map<string, number>();
  /** Faults injected, by kind (`reset`, `lostAnswer`, `429`, `500`, `slow`). */
  readonly injected = new Map<string, number>();
  private server: Server | undefined;
  private port = 0;

  constructor(
    private readonly upstream: string,
    public options: FaultProxyOptions = {},
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Total faults injected. */
  get totalInjected(): number {
    return [...this.injected.values()].reduce((a, b) => a + b, 0);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private count(kind: string): void {
    this.injected.set(kind, (this.injected.get(kind) ?? 0) + 1);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? "").split("?")[0] ?? "";
    const method = path.startsWith("/api/") ? path.slice(5) : path.slice(1);
    const n = (this.counts.get(method) ?? 0) + 1;
    this.counts.set(method, n);
    const call = { method, n };
    const action = this.options.decide?.(call) ?? { kind: "forward" };
    await this.options.beforeForward?.(call);
    if (action.kind === "reset") {
      this.count("reset");
      req.socket.destroy();
      return;
    }
    if (action.kind === "status") {
      this.count(String(action.status));
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (action.status === 429) headers["retry-after"] = String(action.retryAfter);
      res.writeHead(action.status, headers);
      res.end(JSON.stringify({ ok: false, error: action.status === 429 ? "ratelimited" : "internal_error" }));
      return;
    }
    const answer = await this.forward(req, path, body);
    await this.options.afterUpstream?.(call);
    if (action.kind === "lostAnswer") {
      this.count("lostAnswer");
      req.socket.destroy();
      return;
    }
    if (action.kind === "slow") {
      this.count("slow");
      await new Promise((r) => setTimeout(r, action.ms));
      if (req.socket.destroyed) return;
    }
    res.writeHead(answer.status, { "content-type": answer.contentType });
    res.end(answer.body);
    await this.options.afterReply?.(call);
  }

  private forward(
    req: IncomingMessage,
    path: string,
    body: Buffer,
  ): Promise<{ status: number; contentType: string; body: Buffer }> {
    const target = new URL(path + (req.url?.slice(path.length) ?? ""), this.upstream);
    return new Promise((resolve, reject) => {
      const out = request(
        target,
        {
          method: req.method,
          headers: {
            "content-type": req.headers["content-type"] ?? "application/x-www-form-urlencoded",
            "content-length": String(body.length),
          },
        },
        (upstream) => {
          const parts: Buffer[] = [];
          upstream.on("data", (d: Buffer) => parts.push(d));
          upstream.on("end", () =>
            resolve({
              status: upstream.statusCode ?? 502,
              contentType: String(upstream.headers["content-type"] ?? "application/json"),
              body: Buffer.concat(parts),
            }),
          );
          upstream.on("error", reject);
        },
      );
      out.on("error", reject);
      out.end(body);
    });
  }
}

export async function startFaultProxy(
  upstream: string,
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  return new FaultProxy(upstream, options).start();
}

/** A small seeded PRNG (mulberry32), so a random fault mix is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

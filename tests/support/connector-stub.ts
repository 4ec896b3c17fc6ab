import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the stand-in Bot Connector received. */
export interface ConnectorCall {
  method: string;
  path: string;
  kind: "send" | "reply" | "update" | "create" | "member" | "other";
  conversationId?: string;
  activityId?: string;
  body: Record<string, unknown>;
  /** Status the stub answered with. */
  status: number;
}

interface Fault {
  status: number;
  retryAfter?: string;
  /** Answer only after this long (a slow or hung connector). */
  delayMs?: number;
}

export interface ConnectorStub {
  /** Base URL to use as the activities' `serviceUrl`. */
  url: string;
  calls: ConnectorCall[];
  /** Accepted (2xx) sends, replies and updates, in order. */
  delivered(): ConnectorCall[];
  /** The next `count` calls are answered with `status` (and Retry-After when given), then normal service. */
  failNext(count: number, status: number, retryAfter?: string): void;
  /** The next `count` calls are answered normally, but only after `ms`. */
  delayNext(count: number, ms: number): void;
  /** Members `GET /v3/conversations/{id}/members/{memberId}` knows. */
  members: Map<string, { id: string; name: string; aadObjectId: string }>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch (error) {
        reject(error);
      }
    });
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * A small HTTP server standing in for the Bot Connector service: it records what the bot posts
 * (sends, replies, updates, conversation creation), answers with ids, and can inject 429/5xx.
 */
export async function startConnectorStub(): Promise<ConnectorStub> {
  const calls: ConnectorCall[] = [];
  const faults: Fault[] = [];
  const members = new Map<string, { id: string; name: string; aadObjectId: string }>();
  let counter = 0;

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://stub");
      const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      const body = await readBody(req).catch(() => ({}));
      const method = req.method ?? "GET";
      const record = (kind: ConnectorCall["kind"], status: number, extra: Partial<ConnectorCall> = {}) =>
        calls.push({ method, path: url.pathname, kind, body, status, ...extra });

      const conversationId = parts[2];
      let kind: ConnectorCall["kind"] = "other";
      if (parts[0] === "v3" && parts[1] === "conversations") {
        if (parts.length === 2 && method === "POST") kind = "create";
        else if (parts[3] === "activities" && method === "POST") kind = parts.length === 5 ? "reply" : "send";
        else if (parts[3] === "activities" && method === "PUT") kind = "update";
        else if (parts[3] === "members" && method === "GET") kind = "member";
      }
      const ids = {
        ...(conversationId ? { conversationId } : {}),
        ...(parts[4] ? { activityId: parts[4] } : {}),
      };

      const fault = faults.shift();
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault && fault.status > 0) {
        record(kind, fault.status, ids);
        const headers: Record<string, string> = fault.retryAfter ? { "retry-after": fault.retryAfter } : {};
        json(res, fault.status, { error: { code: "Throttled", message: "stub fault" } }, headers);
        return;
      }
      if (kind === "create") {
        const id = `a:stub-conversation-${++counter}`;
        record(kind, 201, { conversationId: id });
        json(res, 201, { id, activityId: "" });
      } else if (kind === "send" || kind === "reply") {
        const id = `stub-activity-${++counter}`;
        record(kind, 200, { ...ids, activityId: id });
        json(res, 200, { id });
      } else if (kind === "update") {
        record(kind, 200, ids);
        json(res, 200, { id: parts[4] });
      } else if (kind === "member") {
        const member = members.get(parts[4] ?? "");
        record(kind, member ? 200 : 404, ids);
        if (member) json(res, 200, member);
        else json(res, 404, { error: { code: "MemberNotFound" } });
      } else {
        record(kind, 404, ids);
        json(res, 404, { error: { code: "NotFound" } });
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    delivered: () =>
      calls.filter((c) => (c.kind === "send" || c.kind === "reply" || c.kind === "update") && c.status < 300),
    failNext(count, status, retryAfter) {
      for (let i = 0; i < count; i++) faults.push({ status, ...(retryAfter ? { retryAfter } : {}) });
    },
    delayNext(count, ms) {
      for (let i = 0; i < count; i++) faults.push({ status: 0, delayMs: ms });
    },
    members,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

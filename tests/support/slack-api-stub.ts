/**
 * A small local stand-in for the Slack Web API (and for response_url), on 127.0.0.1 with a random
 * port. It records every call, keeps the messages it was sent, and can be told to fail.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export interface StubMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  metadata?: { event_type: string; event_payload?: Record<string, unknown> };
  updates: number;
}

/** A file uploaded through files.getUploadURLExternal, its bytes POSTed, and (once completed) shared. */
export interface StubFile {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  bytes?: Buffer;
  /** Where files.completeUploadExternal shared it; one entry per completion. */
  shares: { channel?: string; threadTs?: string; initialComment?: string; title?: string }[];
}

export interface StubUser {
  id: string;
  name: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
}

/** `reset`: the connection drops before Slack acts; `lostAnswer`: Slack acts, then the answer is lost. */
export type Fault =
  | { status: 429; retryAfter: number }
  | { status: 500 }
  | { reset: true }
  | { lostAnswer: true };

/** Form values that hold JSON (blocks, metadata) are decoded so tests can assert on structure. */
function decodeValue(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    } catch {
      return { raw };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) out[key] = decodeValue(value);
  return out;
}

export class SlackApiStub {
  readonly calls: StubCall[] = [];
  readonly messages: StubMessage[] = [];
  readonly users = new Map<string, StubUser>();
  readonly files = new Map<string, StubFile>();
  latencyMs = 0;
  /** What apps.connections.open hands out (a test's local WebSocket server, for Socket Mode). */
  socketUrl: string | undefined;
  /** The stub's clock (ms): message ts and rate limits follow it; tests may hand it a manual clock. */
  now: () => number = Date.now;
  /** Most messages conversations.history returns a page (Slack caps distributed apps at 15). */
  historyMaxLimit = 999;
  /**
   * Calls per second allowed per method (a token bucket holding one second's worth, or one call when
   * slower, e.g. 1/60 for once a minute); 429 + Retry-After beyond.
   */
  readonly rateLimits = new Map<string, number>();
  /** How many calls the rate limit refused, per method. */
  readonly rateLimited = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly faults = new Map<string, Fault[]>();
  private server: Server | undefined;
  private seq = 0;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Base URL for SLACK_API_URL / the adapter's apiUrl. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addUser(user: StubUser): void {
    this.users.set(user.id, user);
  }

  /** The next `count` calls of `method` fail with the given fault. */
  failNext(method: string, count: number, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(fault);
    this.faults.set(method, list);
  }

  /** Takes a token for `method`; the seconds to wait (Slack's whole-second Retry-After) when none is left. */
  private throttle(method: string): number | undefined {
    const perSecond = this.rateLimits.get(method);
    if (perSecond === undefined) return undefined;
    const now = this.now();
    const capacity = Math.max(1, perSecond);
    const bucket = this.buckets.get(method) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(method, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    this.rateLimited.set(method, (this.rateLimited.get(method) ?? 0) + 1);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  callsOf(method: string): StubCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Files completed (shared) at least once. */
  sharedFiles(): StubFile[] {
    return [...this.files.values()].filter((f) => f.shares.length > 0);
  }

  /** Bodies POSTed to response_url `id` (or to any response_url when omitted). */
  responses(id?: string): Record<string, unknown>[] {
    return this.calls
      .filter((c) => c.method === (id ? `respond/${id}` : c.method) && c.method.startsWith("respond/"))
      .map((c) => c.body);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString("utf8");
    const path = (req.url ?? "").split("?")[0] ?? "";
    const route = path.startsWith("/api/") ? path.slice(5) : path.slice(1);
    // The upload URL takes raw bytes, not a form: recorded (as method "upload") by their length.
    const upload = /^upload\/(F[A-Z0-9]+)$/.exec(route);
    const method = upload ? "upload" : route;
    const body = upload
      ? { fileId: upload[1], length: bytes.length, authorization: req.headers.authorization ?? "" }
      : parseBody(raw, req.headers["content-type"]);
    this.calls.push({ method, body, at: this.now() });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const wait = this.throttle(method);
    const fault: Fault | undefined =
      wait === undefined ? this.faults.get(method)?.shift() : { status: 429, retryAfter: wait };
    if (fault && "reset" in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && "status" in fault && fault.status === 429) {
      res.writeHead(429, { "retry-after": String(fault.retryAfter), "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    if (fault && "status" in fault && fault.status === 500) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
      return;
    }
    if (upload) {
      const file = this.files.get(upload[1] ?? "");
      if (file) file.bytes = bytes;
      if (fault && "lostAnswer" in fault) {
        req.socket.destroy();
        return;
      }
      res.writeHead(file ? 200 : 404, { "content-type": "text/plain" });
      res.end(file ? `OK - ${bytes.length}` : "not found");
      return;
    }
    const answer = method.startsWith("respond/") ? { ok: true } : this.answer(method, body);
    if (fault && "lostAnswer" in fault) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer));
  }

  private user(id: string): StubUser {
    return this.users.get(id) ?? { id, name: id.toLowerCase(), real_name: `User ${id}`, tz: "Europe/London" };
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const str = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
    switch (method) {
      case "apps.connections.open":
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: "invalid_auth" };
      case "auth.test":
        return { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1", user: "sponsor-pulse" };
      case "users.info": {
        const id = str("user");
        if (id === "UMISSING") return { ok: false, error: "user_not_found" };
        const u = this.user(id);
        return {
          ok: true,
          user: { ...u, profile: { display_name: u.name, real_name: u.real_name ?? u.name } },
        };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${str("users").split(",")[0]}` } };
      case "chat.postMessage": {
        // Seconds by the stub's clock; the sequence keeps every ts unique and increasing.
        const ts = `${Math.floor(this.now() / 1000)}.${String(++this.seq).padStart(6, "0")}`;
        const message: StubMessage = {
          channel: str("channel"),
          ts,
          text: str("text"),
          blocks: Array.isArray(body.blocks) ? body.blocks : [],
          updates: 0,
          ...(body.metadata ? { metadata: body.metadata as StubMessage["metadata"] } : {}),
        };
        this.messages.push(message);
        return { ok: true, channel: message.channel, ts, message: { ts, text: message.text } };
      }
      case "chat.update": {
        const found = this.messages.find((m) => m.channel === str("channel") && m.ts === str("ts"));
        if (!found) return { ok: false, error: "message_not_found" };
        found.text = str("text");
        found.blocks = Array.isArray(body.blocks) ? body.blocks : [];
        found.updates++;
        return { ok: true, channel: found.channel, ts: found.ts };
      }
      case "files.getUploadURLExternal": {
        const length = Number(str("length"));
        if (!str("filename") || !Number.isInteger(length) || length <= 0) {
          return { ok: false, error: "invalid_arguments" };
        }
        const id = `F${String(++this.seq).padStart(9, "0")}`;
        this.files.set(id, {
          id,
          filename: str("filename"),
          length,
          ...(str("alt_text") || str("alt_txt") ? { altText: str("alt_text") || str("alt_txt") } : {}),
          shares: [],
        });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        const list = Array.isArray(body.files) ? (body.files as { id?: string; title?: string }[]) : [];
        if (list.length === 0) return { ok: false, error: "invalid_arguments" };
        const found = list.map((f) => this.files.get(f.id ?? ""));
        // Slack completes only what was uploaded in full: the length announced is the length sent.
        if (found.some((f) => !f || f.bytes?.length !== f.length))
          return { ok: false, error: "file_not_found" };
        list.forEach((f, i) => {
          found[i]?.shares.push({
            ...(str("channel_id") ? { channel: str("channel_id") } : {}),
            ...(str("thread_ts") ? { threadTs: str("thread_ts") } : {}),
            ...(str("initial_comment") ? { initialComment: str("initial_comment") } : {}),
            ...(f.title ? { title: f.title } : {}),
          });
        });
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title ?? "" })) };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${1_700_000_000 + ++this.seq}.000200` };
      case "views.open":
      case "views.publish":
        return { ok: true, view: { id: `V${++this.seq}` } };
      case "conversations.history": {
        const withMeta = String(body.include_all_metadata) === "true";
        const oldest = Number(str("oldest") || 0);
        const latest = Number(str("latest") || Number.POSITIVE_INFINITY);
        const limit = Math.min(Number(str("limit") || 100), this.historyMaxLimit);
        // Newest first, as Slack answers; the cursor is the offset of the next page.
        const all = this.messages
          .filter((m) => m.channel === str("channel") && Number(m.ts) > oldest && Number(m.ts) <= latest)
          .reverse();
        const from = Number(str("cursor") || 0);
        const messages = all.slice(from, from + limit).map((m) => ({
          type: "message",
          ts: m.ts,
          text: m.text,
          ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
        }));
        const more = from + limit < all.length;
        return {
          ok: true,
          messages,
          has_more: more,
          ...(more ? { response_metadata: { next_cursor: String(from + limit) } } : {}),
        };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }
}

export async function startSlackApiStub(): Promise<SlackApiStub> {
  return new SlackApiStub().start();
}

/** Slack's v0 request signature: HMAC-SHA256 of `v0:${timestamp}:${body}` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SignedPostOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  retryNum?: number;
  /** Sign with this secret instead (a forgery). */
  secret?: string;
  contentType?: string;
}

/** POSTs a body to /slack/events the way Slack does: signed, with the timestamp header. */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  options: SignedPostOptions = {},
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": slackSignature(options.secret ?? secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const res = await fetch(url, { method: "POST", headers, body });
  return { status: res.status, text: await res.text() };
}

/** A slash command as Slack form-encodes it. */
export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interaction (block_actions, view_submission) as Slack sends it: `payload=<json>`. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

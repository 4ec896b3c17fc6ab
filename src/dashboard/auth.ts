/**
 * Password-less access to the dashboard: a PMO admin asks the bot (or the CLI) for a link, signed
 * with HMAC-SHA256, naming the workspace, the person, an expiry 15 minutes on and a random nonce.
 * Opening it once (its nonce is recorded in the database) gives a signed session cookie bound to the
 * same person and workspace. Nothing of the token is secret but the signature; the key never leaves
 * the process and never appears in a log or an error.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { DashboardStore } from "./store.js";

export const LINK_TTL_MS = 15 * 60_000;
export const SESSION_TTL_MS = 8 * 3_600_000;
export const SESSION_COOKIE = "pulse_session";

export interface DashboardIdentity {
  workspaceId: string;
  personId: number;
}

export interface Session extends DashboardIdentity {
  expiresAt: Date;
}

/** Why a link or session was refused; each becomes one sentence on the 401 page. */
export type Refusal = "forged" | "expired" | "used" | "missing";

export type Redeemed = { ok: true; session: Session; cookie: string } | { ok: false; refusal: Refusal };

export type Checked = { ok: true; who: DashboardIdentity; expiresAt: Date } | { ok: false; refusal: Refusal };

export interface DashboardAuth {
  /** The full sign-in URL for this person, valid 15 minutes from `now`, usable once. */
  linkFor(who: DashboardIdentity, now: Date): Promise<string>;
  /** Checks a sign-in token's signature and expiry without using it up (the page before signing in). */
  check(token: string, now: Date): Promise<Checked>;
  /** Checks a sign-in token and uses it up; on success, the session cookie's value. */
  redeem(token: string, now: Date): Promise<Redeemed>;
  /** The session a cookie value carries, if its signature holds and it has not expired. */
  session(cookie: string | undefined, now: Date): Promise<Session | undefined>;
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const unb64 = (text: string) => Buffer.from(text, "base64url").toString("utf8");

function sign(key: string, purpose: string, payload: string): string {
  // The purpose keeps a link's signature from passing as a session's, and the other way round.
  return createHmac("sha256", key).update(`${purpose}\n${payload}`).digest("base64url");
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Parsed {
  workspaceId: string;
  personId: number;
  expiresAt: number;
  rest: string[];
}

/** `v1.<workspace>.<person>.<expiry ms>[.<more>].<signature>`, checked before anything is believed. */
function verify(key: string, purpose: string, token: string, extra: number): Parsed | undefined {
  const parts = token.split(".");
  if (parts.length !== 5 + extra || parts[0] !== "v1") return undefined;
  const signature = parts.pop() ?? "";
  if (!sameSignature(signature, sign(key, purpose, parts.join(".")))) return undefined;
  const [, ws = "", person = "", expiry = "", ...rest] = parts;
  const personId = Number(person);
  const expiresAt = Number(expiry);
  if (!Number.isSafeInteger(personId) || !Number.isSafeInteger(expiresAt)) return undefined;
  return { workspaceId: unb64(ws), personId, expiresAt, rest };
}

export interface DashboardAuthOptions {
  keys: Pick<DashboardStore, "storedSecret" | "useLink">;
  /** DASHBOARD_SECRET; without it, a random secret kept in the database (shared by every process). */
  secret?: string;
  /** PUBLIC_URL or http://localhost:PORT, without a trailing slash. */
  baseUrl: string;
}

export function createDashboardAuth(options: DashboardAuthOptions): DashboardAuth {
  let key: Promise<string> | undefined;
  const secret = (now: Date) => {
    key ??= options.secret
      ? Promise.resolve(options.secret)
      : options.keys.storedSecret(randomBytes(32).toString("base64url"), now);
    // A failed read is not remembered: the next request tries again.
    key.catch(() => {
      key = undefined;
    });
    return key;
  };
  return {
    async linkFor(who, now) {
      const payload = [
        "v1",
        b64(who.workspaceId),
        String(who.personId),
        String(now.getTime() + LINK_TTL_MS),
        randomBytes(16).toString("base64url"),
      ].join(".");
      const token = `${payload}.${sign(await secret(now), "link", payload)}`;
      return `${options.baseUrl}/dashboard/login?t=${token}`;
    },
    async check(token, now) {
      const parsed = verify(await secret(now), "link", token, 1);
      if (!parsed) return { ok: false, refusal: "forged" };
      if (parsed.expiresAt <= now.getTime()) return { ok: false, refusal: "expired" };
      return {
        ok: true,
        who: { workspaceId: parsed.workspaceId, personId: parsed.personId },
        expiresAt: new Date(parsed.expiresAt),
      };
    },
    async redeem(token, now) {
      const parsed = verify(await secret(now), "link", token, 1);
      if (!parsed) return { ok: false, refusal: "forged" };
      if (parsed.expiresAt <= now.getTime()) return { ok: false, refusal: "expired" };
      const nonce = parsed.rest[0] ?? "";
      if (!(await options.keys.useLink(nonce, now))) return { ok: false, refusal: "used" };
      const expiresAt = now.getTime() + SESSION_TTL_MS;
      const payload = ["v1", b64(parsed.workspaceId), String(parsed.personId), String(expiresAt)].join(".");
      const cookie = `${payload}.${sign(await secret(now), "session", payload)}`;
      return {
        ok: true,
        cookie,
        session: {
          workspaceId: parsed.workspaceId,
          personId: parsed.personId,
          expiresAt: new Date(expiresAt),
        },
      };
    },
    async session(cookie, now) {
      if (!cookie) return undefined;
      const parsed = verify(await secret(now), "session", cookie, 0);
      if (!parsed || parsed.expiresAt <= now.getTime()) return undefined;
      return {
        workspaceId: parsed.workspaceId,
        personId: parsed.personId,
        expiresAt: new Date(parsed.expiresAt),
      };
    },
  };
}

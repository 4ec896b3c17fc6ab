import { describe, expect, it } from "vitest";
import { loadEnv } from "../../src/config/env.js";
import { createDashboardAuth } from "../../src/dashboard/auth.js";
import type { DashboardStore } from "../../src/dashboard/store.js";

const memoryKeys = (): Pick<DashboardStore, "storedSecret" | "useLink"> => {
  const used = new Set<string>();
  let secret: string | undefined;
  return {
    storedSecret: async (candidate) => {
      secret ??= candidate;
      return secret;
    },
    useLink: async (nonce) => !used.has(nonce) && Boolean(used.add(nonce)),
  };
};

describe("dashboard settings", () => {
  it("PUBLIC_URL must be an http(s) URL (a trailing slash is dropped); DASHBOARD_SECRET 32+ characters, never echoed", () => {
    expect(loadEnv({ PUBLIC_URL: "https://pulse.example.com/" }).PUBLIC_URL).toBe(
      "https://pulse.example.com",
    );
    expect(() => loadEnv({ PUBLIC_URL: "ftp://x" })).toThrow(
      /^PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/,
    );
    const error = (() => {
      try {
        loadEnv({ DASHBOARD_SECRET: "short-secret-value" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toBe("DASHBOARD_SECRET must be at least 32 characters.");
    expect(error?.message).not.toContain("short-secret-value");
  });

  it("with DASHBOARD_SECRET, processes sharing it accept each other's links; another secret refuses them", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const keys = memoryKeys();
    const a = createDashboardAuth({ keys, secret: "a".repeat(32), baseUrl: "https://p.example" });
    const b = createDashboardAuth({ keys, secret: "a".repeat(32), baseUrl: "https://p.example" });
    const c = createDashboardAuth({ keys, secret: "c".repeat(32), baseUrl: "https://p.example" });
    const token = (url: string) => new URL(url).searchParams.get("t") ?? "";
    const link = await a.linkFor({ workspaceId: "T1", personId: 7 }, now);
    expect(link).toMatch(/^https:\/\/p\.example\/dashboard\/login\?t=/);
    expect(await c.check(token(link), now)).toEqual({ ok: false, refusal: "forged" });
    const redeemed = await b.redeem(token(link), now);
    expect(redeemed.ok).toBe(true);
    if (!redeemed.ok) return;
    expect(await a.session(redeemed.cookie, now)).toMatchObject({ workspaceId: "T1", personId: 7 });
    expect(await c.session(redeemed.cookie, now)).toBeUndefined();
    // A link's signature does not pass as a session's.
    expect(
      await a.session(token(await a.linkFor({ workspaceId: "T1", personId: 7 }, now)), now),
    ).toBeUndefined();
  });
});

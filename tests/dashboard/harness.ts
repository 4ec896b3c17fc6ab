import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PMO_USER, seedPortfolio, WORKSPACE } from "../../bench/seed.js";
import { dashboardHandler } from "../../src/cli/dashboard.js";
import { createHttpApp, listen } from "../../src/cli/http-server.js";
import { ManualClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import { dashboardRoutes } from "../../src/dashboard/routes.js";
import { createTestPulse, type TestPulse } from "../support/pulse-fixture.js";

export const NOW = new Date("2026-11-25T12:00:00Z");

export interface DashboardHarness {
  pulse: TestPulse;
  clock: ManualClock;
  base: string;
  server: Server;
  /** A fresh sign-in link of the seeded PMO admin (workspace T1). */
  link(workspaceId?: string, userId?: string): Promise<string>;
  /** Presses the sign-in page's button for this link (posts its token from our own page). */
  submit(link: string, headers?: Record<string, string>): Promise<Response>;
  /** Opens a fresh link and presses its button like a browser: the session cookie it set. */
  signIn(workspaceId?: string, userId?: string): Promise<string>;
  get(path: string, cookie?: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The dashboard on the bot's real HTTP server (express, as `sponsor-pulse start` mounts it), over a
 * migrated SQLite file seeded with a portfolio of `initiatives` with 12 weeks of check-ins.
 */
export async function startDashboard(initiatives = 40): Promise<DashboardHarness> {
  const seeded = seedPortfolio(
    {
      initiatives,
      sponsors: Math.ceil(initiatives / 2),
      historyWeeks: 12,
      now: NOW,
      nextCheckinAt: new Date(NOW.getTime() + 5 * 86_400_000),
      nextPeriodKey: "2026-W49",
    },
    "dash-test",
  );
  const clock = new ManualClock(NOW.toISOString());
  const pulse = await createTestPulse({ dir: seeded.dir, clock, admins: ["pmo"] });
  const routes = dashboardRoutes(dashboardHandler(pulse), silentLogger);
  const server = await listen(createHttpApp({ routes, logger: silentLogger }), 0, "127.0.0.1");
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const h: DashboardHarness = {
    pulse,
    clock,
    base,
    server,
    async link(workspaceId = WORKSPACE, userId = PMO_USER) {
      const person = await pulse.deps.store.findPerson(workspaceId, userId);
      if (!person) throw new Error(`no ${userId} in ${workspaceId}`);
      const url = await pulse.dashboard.linkFor({ workspaceId, personId: person.id }, clock.now());
      return url.replace(/^http:\/\/localhost:\d+/, base);
    },
    submit(link, headers = {}) {
      const token = new URL(link).searchParams.get("t") ?? "";
      return fetch(`${base}/dashboard/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: base, ...headers },
        body: new URLSearchParams({ t: token }).toString(),
      });
    },
    async signIn(workspaceId, userId) {
      const link = await h.link(workspaceId, userId);
      if ((await fetch(link)).status !== 200) throw new Error("the sign-in page did not open");
      const res = await h.submit(link);
      if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
      const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      return cookie;
    },
    get(path, cookie, headers = {}) {
      return fetch(`${base}${path}`, {
        redirect: "manual",
        headers: { ...(cookie ? { cookie } : {}), ...headers },
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pulse.close();
    },
  };
  return h;
}

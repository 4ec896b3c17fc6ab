/**
 * `/pulse dashboard` on the real platforms: over Slack (the real Bolt app against the Slack API
 * stand-in) the link arrives as a DM, and `sponsor-pulse dashboard-link` prints one from the terminal.
 */

import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { serveDashboard } from "../../src/cli/dashboard.js";
import { ManualClock } from "../../src/core/clock.js";
import { eventually, type Harness, SIGNING_SECRET, startHarness } from "../adapters/slack/harness.js";
import { runCli } from "../support/cli.js";
import { createTestPulse, type TestPulse } from "../support/pulse-fixture.js";
import { commandBody, postSigned } from "../support/slack-api-stub.js";

let pulse: TestPulse | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await pulse?.close();
  h = undefined;
  pulse = undefined;
});

async function slash(harness: Harness, user: string, text: string, id: string) {
  const body = commandBody({
    team_id: "T0001",
    user_id: user,
    user_name: user.toLowerCase(),
    channel_id: "C0PORT",
    command: "/pulse",
    text,
    trigger_id: `trig-${id}`,
    response_url: harness.stub.responseUrl(id),
  });
  expect((await postSigned(harness.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
  await eventually(() => expect(harness.stub.responses(id).length).toBeGreaterThan(0));
  return harness.stub.responses(id) as { text: string }[];
}

describe("/pulse dashboard on Slack", () => {
  it("DMs the PMO admin a sign-in link and answers in the channel only to them; others are refused", async () => {
    pulse = await createTestPulse({ clock: new ManualClock("2026-11-23T08:00:00Z"), admins: ["U0PMO"] });
    h = await startHarness(pulse.core);
    pulse.platforms.set("slack", h.adapter.platform);

    const replies = await slash(h, "U0PMO", "dashboard", "d1");
    expect(replies[0]?.text).toContain("I sent you a dashboard link in a direct message");
    // The stand-in names the DM channel it opens for a user D<user id>.
    const dm = h.stub.callsOf("chat.postMessage").find((c) => c.body.channel === "DU0PMO");
    expect(JSON.stringify(dm?.body.blocks)).toMatch(
      /http:\/\/localhost:3000\/dashboard\/login\?t=v1\.[\w.-]+/,
    );
    // The link is in the DM only, never in the channel reply.
    expect(JSON.stringify(replies)).not.toContain("/dashboard/login");

    const refused = await slash(h, "U0LEAD", "dashboard", "d2");
    expect(refused[0]?.text).toContain("Only a PMO admin can open the dashboard.");
    expect(
      h.stub.callsOf("chat.postMessage").filter((c) => String(c.body.channel).endsWith("U0LEAD")),
    ).toEqual([]);
  });
});

describe("sponsor-pulse dashboard-link", () => {
  it("prints a link for a PMO admin under PUBLIC_URL, and a sentence for anyone else", async () => {
    pulse = await createTestPulse({ admins: ["pmo"] });
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>");
    const env = { DATABASE_URL: pulse.file, PUBLIC_URL: "https://pulse.example.com/" };
    const ok = await runCli(["dashboard-link", "--workspace", "local", "--as", "pmo"], { env });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^https:\/\/pulse\.example\.com\/dashboard\/login\?t=v1\.[\w.-]+\n$/);
    const token = new URL(ok.stdout.trim()).searchParams.get("t") ?? "";
    // The bot (another process) accepts it: both sign with the secret kept in the database.
    expect((await pulse.dashboard.redeem(token, new Date())).ok).toBe(true);

    const no = await runCli(["dashboard-link", "--as", "ana"], { env });
    expect(no.code).toBe(1);
    expect(no.stderr).toContain('Only a PMO admin of local can open its dashboard, and "ana" is not one.');
    expect(no.stderr).toContain("PMO admins there: pmo (pmo).");
    const missing = await runCli(["dashboard-link"], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("For whom? Say --as <user id of a PMO admin>.");
    const bad = await runCli(["dashboard-link", "--as", "pmo"], { env: { ...env, PUBLIC_URL: "not a url" } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("PUBLIC_URL must be an http:// or https:// URL");
  });
});

describe("the terminal bot's dashboard server", () => {
  it("serves the sign-in over node:http on the port, and stays out of the way when the port is taken", async () => {
    pulse = await createTestPulse({ admins: ["pmo"] });
    await pulse.run("pmo", "pulse", "admin list");
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", () => resolve()));
    const port = (busy.address() as AddressInfo).port;
    try {
      expect(await serveDashboard(pulse, port)).toBeUndefined();
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
    const server = await serveDashboard(pulse, port);
    expect(server).toBeDefined();
    try {
      const pmo = await pulse.deps.store.findPerson("local", "pmo");
      const link = await pulse.dashboard.linkFor(
        { workspaceId: "local", personId: pmo?.id ?? 0 },
        pulse.clock.now(),
      );
      const url = link.replace(/^http:\/\/localhost:\d+/, `http://127.0.0.1:${port}`);
      expect((await fetch(url)).status).toBe(200);
      const signed = await fetch(`http://127.0.0.1:${port}/dashboard/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ t: new URL(link).searchParams.get("t") ?? "" }).toString(),
      });
      expect(signed.status).toBe(303);
      const cookie = (signed.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const page = await fetch(`http://127.0.0.1:${port}/dashboard`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("<h1>Portfolio</h1>");
      expect((await fetch(`http://127.0.0.1:${port}/slack/events`)).status).toBe(404);
    } finally {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    }
  });
});

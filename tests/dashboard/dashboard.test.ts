import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PMO_USER, slugOf, WORKSPACE } from "../../bench/seed.js";
import { createTestPulse, replyText } from "../support/pulse-fixture.js";
import { createRecordingPlatform } from "../support/recording-platform.js";
import { type DashboardHarness, startDashboard } from "./harness.js";

let h: DashboardHarness;
let cookie: string;

beforeAll(async () => {
  h = await startDashboard(40);
  // Another workspace, with the same user id as the seeded PMO admin and a name to look for.
  const store = h.pulse.deps.store;
  await store.ensureWorkspace("T2", "slack", h.clock.now());
  const admin = await store.upsertPerson("T2", PMO_USER, { displayName: "Other PMO" }, h.clock.now());
  await store.setAdmin("T2", admin.id, true, { actor: null, platform: "system", at: h.clock.now() });
  await h.pulse.run(
    PMO_USER,
    "initiative",
    "add Secret merger --sponsor <@US000001|x> --lead <@UL1|y>",
    "T2",
    "slack",
  );
  cookie = await h.signIn();
});
afterAll(async () => {
  await h?.close();
});

describe("signing in with a link", () => {
  it("a link shows a sign-in button (previews and scanners that open it use nothing up); pressing it signs in once", async () => {
    const link = await h.link();
    for (let i = 0; i < 3; i++) {
      const page = await fetch(link, { redirect: "manual" });
      expect(page.status).toBe(200);
      expect(page.headers.get("set-cookie")).toBeNull();
      const html = await page.text();
      expect(html).toContain('<form method="post" action="/dashboard/login"');
      expect(html).toContain("Sign in as <strong>PMO</strong> (Bench Corp).");
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
      expect(page.headers.get("cache-control")).toBe("no-store");
    }
    const res = await h.submit(link);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dashboard");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      /^pulse_session=[^;]+; Max-Age=28800; Path=\/dashboard; HttpOnly; SameSite=Strict$/,
    );

    const again = await h.submit(link);
    expect(again.status).toBe(401);
    expect(await again.text()).toContain("This dashboard link has already been used");
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("another site cannot post a link of its choosing", async () => {
    const link = await h.link();
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null", "sec-fetch-site": "cross-site" },
    ];
    for (const headers of attempts) {
      const res = await h.submit(link, headers);
      expect(res.status).toBe(403);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    // The link was not used up by the attempt.
    expect((await h.submit(link)).status).toBe(303);
  });

  it("behind HTTPS (X-Forwarded-Proto) the cookie is Secure", async () => {
    const res = await h.submit(await h.link(), { "x-forwarded-proto": "https" });
    expect(res.headers.get("set-cookie")).toMatch(/; Secure$/);
  });

  it("a forged link gets 401 and a sentence; so does one for another workspace made by editing it", async () => {
    const link = await h.link();
    const token = new URL(link).searchParams.get("t") ?? "";
    const parts = token.split(".");
    parts[1] = Buffer.from("T2").toString("base64url");
    for (const forged of [parts.join("."), `${token.slice(0, -2)}xx`, "v1.abc", ""]) {
      const url = `${h.base}/dashboard/login?t=${encodeURIComponent(forged)}`;
      for (const res of [
        await h.get(`/dashboard/login?t=${encodeURIComponent(forged)}`),
        await h.submit(url),
      ]) {
        expect(res.status).toBe(401);
        const text = await res.text();
        expect(text).toContain("This dashboard link is not valid.");
        expect(text).toContain("/pulse dashboard");
      }
    }
  });

  it("an expired link gets 401 and says so", async () => {
    const link = await h.link();
    h.clock.advance(15 * 60_000 + 1000);
    try {
      for (const res of [await fetch(link, { redirect: "manual" }), await h.submit(link)]) {
        expect(res.status).toBe(401);
        expect(await res.text()).toContain("This dashboard link has expired");
      }
    } finally {
      h.clock.set(new Date(h.clock.now().getTime() - (15 * 60_000 + 1000)));
    }
  });

  it("a used link stays used after a restart (another process on the same database)", async () => {
    const link = await h.link();
    expect((await h.submit(link)).status).toBe(303);
    const other = await createTestPulse({ dir: h.pulse.dir, clock: h.clock });
    try {
      const token = new URL(link).searchParams.get("t") ?? "";
      const redeemed = await other.dashboard.redeem(token, h.clock.now());
      expect(redeemed).toEqual({ ok: false, refusal: "used" });
      // The other process signs with the same secret, kept in the database.
      const fresh = await other.dashboard.linkFor({ workspaceId: WORKSPACE, personId: 1 }, h.clock.now());
      const res = await h.submit(fresh.replace(/^http:\/\/localhost:\d+/, h.base));
      expect(res.status).toBe(303);
    } finally {
      await other.close();
    }
  });

  it("without a session, or with a tampered or expired one, every page is 401 with a sentence", async () => {
    const tampered = `${cookie.slice(0, -3)}abc`;
    for (const c of [undefined, tampered, "pulse_session=v1.x.1.9999999999999.sig"]) {
      for (const path of ["/dashboard", `/dashboard/initiatives/${slugOf(1)}`, "/dashboard/portfolio.csv"]) {
        const res = await h.get(path, c);
        expect(res.status).toBe(401);
        expect(await res.text()).toContain(
          "You are not signed in to the dashboard, or your session has ended.",
        );
      }
    }
    h.clock.advance(8 * 3_600_000 + 1000);
    try {
      expect((await h.get("/dashboard", cookie)).status).toBe(401);
    } finally {
      h.clock.set(new Date(h.clock.now().getTime() - (8 * 3_600_000 + 1000)));
    }
  });
});

describe("the portfolio page", () => {
  it("shows the heatmap grouped by stage, a legend, the charts, and security headers", async () => {
    const res = await h.get("/dashboard", cookie);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const html = await res.text();
    expect(html).toContain('<table class="hm" id="heatmap">');
    for (const stage of ["Strategy &amp; vision (8)", "Proof of concept (8)", "Operational AI (8)"])
      expect(html).toContain(stage);
    expect(html).toContain("Initiative 000001");
    expect(html).toContain("<strong>40 initiatives</strong>");
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain("Sponsor engagement");
    expect(html).toContain("Sponsor response rate");
    expect(html).toContain("Average sponsor confidence");
    expect(html).not.toContain("<script");
    // Twelve week columns, one lettered cell per initiative and week.
    expect(html.match(/<th scope="col" class="w">/g)).toHaveLength(12);
    expect(html.match(/<td class=[ecluxn]>/g)?.length).toBe(40 * 12);
  });

  it("never shows another workspace's data", async () => {
    const html = await (await h.get("/dashboard", cookie)).text();
    expect(html).not.toContain("Secret merger");
    const csv = await (await h.get("/dashboard/portfolio.csv", cookie)).text();
    expect(csv).not.toContain("Secret merger");
    const page = await h.get("/dashboard/initiatives/secret-merger", cookie);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain("Secret merger");
    // And T2's admin sees only T2.
    const t2 = await h.signIn("T2", PMO_USER);
    const theirs = await (await h.get("/dashboard", t2)).text();
    expect(theirs).toContain("Secret merger");
    expect(theirs).not.toContain("Initiative 000001");
    expect((await h.get(`/dashboard/initiatives/${slugOf(1)}`, t2)).status).toBe(404);
  });

  it("filters by stage, state and sponsor; a bad filter is a sentence and the defaults", async () => {
    const poc = await (await h.get("/dashboard?stage=poc", cookie)).text();
    expect(poc).toContain("Proof of concept (8)");
    expect(poc).not.toContain("Strategy &amp; vision (");
    expect(poc).toContain("<strong>8 initiatives</strong>");

    const all = await (await h.get("/dashboard/portfolio.csv", cookie)).text();
    const rows = all.trim().split("\r\n").slice(1);
    const state = rows[0]?.split(",")[6] ?? "";
    const inState = rows.filter((r) => r.split(",")[6] === state).length;
    const filtered = await (await h.get(`/dashboard?state=${state}`, cookie)).text();
    expect(filtered).toContain(`<strong>${inState} initiative${inState === 1 ? "" : "s"}</strong>`);

    const sponsor = await h.pulse.deps.store.findPerson(WORKSPACE, "US000003");
    const bySponsor = await (await h.get(`/dashboard?sponsor=${sponsor?.id}`, cookie)).text();
    expect(bySponsor).toMatch(/<strong>[12] initiatives?<\/strong>/);

    const bad = await h.get("/dashboard?stage=nonsense", cookie);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Stage must be one of strategy, poc, architecture, scaling, operational.");
    expect(badHtml).toContain("<strong>40 initiatives</strong>");
    const range = await (await h.get("/dashboard?from=2026-12-01&to=2026-11-01", cookie)).text();
    expect(range).toContain("From must be on or before To.");
  });

  it("a date range sets the weeks of the heatmap and the trends", async () => {
    const html = await (await h.get("/dashboard?from=2026-10-05&to=2026-11-01", cookie)).text();
    expect(html.match(/<th scope="col" class="w">/g)).toHaveLength(4);
    expect(html).toContain(">5 Oct</th>");
    expect(html).toContain(">26 Oct</th>");
    expect(html).toContain("<title>Sponsor engagement, weeks of 5 Oct to 26 Oct</title>");
  });
});

describe("the CSV", () => {
  it("is what the page shows, with spreadsheet formulas neutralised", async () => {
    await h.pulse.run(
      "pmo",
      "initiative",
      'add "=HYPERLINK(""http://x"")" --sponsor <@ana|ana> --lead <@bo|bo>',
    );
    const local = await h.signIn("local", "pmo");
    const res = await h.get("/dashboard/portfolio.csv?stage=strategy", local);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="sponsor-pulse-.*\.csv"$/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toMatch(/^initiative,slug,stage,status,sponsor,lead,state,reasons,week of /);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(/);

    const t1 = (await (await h.get("/dashboard/portfolio.csv?stage=poc", cookie)).text())
      .trim()
      .split("\r\n");
    expect(t1).toHaveLength(1 + 8);
    expect(t1.slice(1).every((l) => l.split(",")[2] === "poc")).toBe(true);
  });
});

describe("an initiative's page", () => {
  it("shows the stage timeline, check-ins with answers, the reasons of its state and its asks", async () => {
    const local = await h.signIn("local", "pmo");
    await h.pulse.run(
      "pmo",
      "initiative",
      "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage strategy",
    );
    await h.pulse.run("pmo", "stage", "churn poc --force pilot data only");
    await h.pulse.run("pmo", "stage", "churn architecture Pipeline agreed");
    await h.pulse.run("pmo", "ask", "churn Approve the <b>budget</b>");
    const res = await h.get("/dashboard/initiatives/churn-model", local);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Churn model</h1>");
    expect(html).toContain('aria-current="step">Models, frameworks &amp; architecture');
    expect(html).toContain("Proof of concept → Models, frameworks &amp; architecture");
    expect(html).toContain("Strategy &amp; vision → Proof of concept");
    expect(html).toContain("Pipeline agreed");
    expect(html).toContain("gate forced: pilot data only");
    expect(html).toContain("Approve the &lt;b&gt;budget&lt;/b&gt;");
    expect(html).toContain("Engagement now");

    const seeded = await (await h.get(`/dashboard/initiatives/${slugOf(1)}`, cookie)).text();
    expect(seeded).toContain("<h2>Check-ins</h2>");
    expect(seeded.match(/<tr><td>2026-\d\d-\d\d<\/td><td>(answered|missed)/g)?.length).toBeGreaterThanOrEqual(
      10,
    );
  });
});

describe("/pulse dashboard", () => {
  it("DMs a PMO admin a link that signs in; anyone else is told who can", async () => {
    const platform = createRecordingPlatform("shell", h.clock);
    h.pulse.platforms.set("shell", platform);
    try {
      const reply = replyText(await h.pulse.run("pmo", "pulse", "dashboard"));
      expect(reply).toContain("I sent you a dashboard link in a direct message");
      const dm = platform.to("pmo").at(-1);
      const url = dm?.message.sections.flatMap((s) => s.links ?? [])[0]?.url ?? "";
      expect(url).toMatch(/^http:\/\/localhost:3000\/dashboard\/login\?t=v1\./);
      expect(
        (await fetch(url.replace(/^http:\/\/localhost:3000/, h.base), { redirect: "manual" })).status,
      ).toBe(200);

      const refused = replyText(await h.pulse.run("zed", "pulse", "dashboard"));
      expect(refused).toContain("Only a PMO admin can open the dashboard.");
      expect(platform.to("zed")).toEqual([]);
    } finally {
      h.pulse.platforms.delete("shell");
    }
  });

  it("on Teams, a personal chat's reply is the DM; in a channel the link is never posted", async () => {
    const store = h.pulse.deps.store;
    await store.ensureWorkspace("tenant-1", "teams", h.clock.now());
    const me = await store.upsertPerson("tenant-1", "aad-pmo", { displayName: "Pat" }, h.clock.now());
    await store.setAdmin("tenant-1", me.id, true, { actor: null, platform: "system", at: h.clock.now() });
    const actor = { platform: "teams" as const, workspaceId: "tenant-1", userId: "aad-pmo" };
    const personal = await h.pulse.core.handle({
      kind: "command",
      actor,
      command: "pulse",
      text: "dashboard",
    });
    const url = personal[0]?.message.sections.flatMap((s) => s.links ?? [])[0]?.url ?? "";
    expect(url).toMatch(/\/dashboard\/login\?t=v1\./);
    // No Teams platform to DM through here: in a channel the answer says what to do, without the link.
    const inChannel = await h.pulse.core.handle({
      kind: "command",
      actor,
      command: "pulse",
      text: "dashboard",
      channelId: "19:general@thread.tacv2",
    });
    const text = replyText(inChannel);
    expect(text).toContain("I could not send you a direct message with the link");
    expect(JSON.stringify(inChannel)).not.toContain("/dashboard/login");
  });

  it("is in /pulse help", async () => {
    expect(replyText(await h.pulse.run("pmo", "pulse", "help"))).toContain("/pulse dashboard");
  });

  it("a session ends for someone who is no longer a PMO admin", async () => {
    const store = h.pulse.deps.store;
    const pmo = await store.findPerson("local", "pmo");
    await h.pulse.run("pmo", "pulse", "admin add <@kim|kim>");
    const kim = await store.findPerson("local", "kim");
    const session = await h.signIn("local", "kim");
    expect((await h.get("/dashboard", session)).status).toBe(200);
    await store.setAdmin("local", kim?.id ?? 0, false, {
      actor: pmo ?? null,
      platform: "shell",
      at: h.clock.now(),
    });
    const res = await h.get("/dashboard", session);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Only PMO admins can see the dashboard");
  });
});

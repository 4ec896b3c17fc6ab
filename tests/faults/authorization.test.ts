import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { Actor, Inbound, Reply } from "../../src/core/inbound.js";
import type { Platform } from "../../src/core/platform.js";
import { exportWorkspace } from "../../src/portfolio/import-export.js";
import { recordResult } from "../support/fault-results.js";
import { createTestPulse, dumpDatabase, replyText, type TestPulse } from "../support/pulse-fixture.js";
import { createRecordingPlatform } from "../support/recording-platform.js";

/** One workspace per platform, side by side in one database, with the same people's ids in each. */
const WORKSPACE: Record<Platform, string> = {
  shell: "local",
  slack: "T0ACME",
  teams: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
};
/** A second workspace of the same platform (another Slack team; another tenant). */
const NEIGHBOUR: Record<Platform, string> = {
  shell: "shell-neighbour",
  slack: "T0GLOBEX",
  teams: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
};
const PLATFORMS = Object.keys(WORKSPACE) as Platform[];

type Role = "admin" | "lead" | "sponsor" | "member" | "neighbour-admin" | "neighbour-sponsor";
const ROLES: Role[] = ["admin", "lead", "sponsor", "member", "neighbour-admin", "neighbour-sponsor"];

function actorOf(role: Role, platform: Platform): Actor {
  const user = { admin: "pmo", lead: "bo", sponsor: "ana", member: "zed" } as Record<string, string>;
  if (role === "neighbour-admin") return { platform, workspaceId: NEIGHBOUR[platform], userId: "pmo" };
  if (role === "neighbour-sponsor") return { platform, workspaceId: NEIGHBOUR[platform], userId: "ana" };
  return { platform, workspaceId: WORKSPACE[platform], userId: user[role] as string };
}

type Gesture = (actor: Actor, checkinId: number) => Inbound;
const cmd =
  (command: "initiative" | "stage" | "pulse", text: string): Gesture =>
  (actor) => ({ kind: "command", actor, command, text });
const act =
  (actionId: string, value: (id: number) => string): Gesture =>
  (actor, id) => ({ kind: "action", actor, actionId, value: value(id), messageRef: "m" });

const MATRIX: { name: string; gesture: Gesture; allowed: Role[] }[] = [
  {
    name: "/initiative add",
    gesture: cmd("initiative", "add New bet --sponsor <@ana|ana> --lead <@bo|bo>"),
    allowed: ["admin"],
  },
  {
    name: "/stage",
    gesture: cmd("stage", "churn architecture --force agreed"),
    allowed: ["admin", "lead", "sponsor"],
  },
  {
    name: "/initiative set metric",
    gesture: cmd("initiative", "set churn metric churn -3%"),
    allowed: ["admin", "lead"],
  },
  {
    name: "/initiative set sponsor",
    gesture: cmd("initiative", "set churn sponsor <@dee|dee>"),
    allowed: ["admin", "lead", "sponsor"],
  },
  {
    name: "/initiative pause",
    gesture: cmd("initiative", "pause churn holiday"),
    allowed: ["admin", "lead"],
  },
  {
    name: "/initiative close",
    gesture: cmd("initiative", "close churn stopped"),
    allowed: ["admin", "lead"],
  },
  { name: "/pulse admin add", gesture: cmd("pulse", "admin add <@cy|cy>"), allowed: ["admin"] },
  { name: "/pulse admin remove", gesture: cmd("pulse", "admin remove <@pmo|pmo>"), allowed: [] },
  { name: "/pulse channel", gesture: cmd("pulse", "channel <#C9|pmo>"), allowed: ["admin"] },
  { name: "check-in answer", gesture: act("checkin.choice", (id) => `${id}:active`), allowed: ["sponsor"] },
  {
    name: "check-in confidence",
    gesture: act("checkin.confidence", (id) => `${id}:4`),
    allowed: ["sponsor"],
  },
];

/** The rows that belong to one workspace (directly, or through its initiatives and check-ins). */
function rowsOf(pulse: TestPulse, workspaceId: string): Record<string, unknown[]> {
  const db = pulse.db.$client;
  const tables = db
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'",
    )
    .all() as { name: string }[];
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const cols = (db.prepare(`pragma table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
    let where = "";
    if (name === "workspaces") where = "where id = ?";
    else if (cols.includes("workspace_id")) where = "where workspace_id = ?";
    else if (cols.includes("initiative_id"))
      where = "where initiative_id in (select id from initiatives where workspace_id = ?)";
    else if (cols.includes("checkin_id"))
      where = "where checkin_id in (select id from checkins where workspace_id = ?)";
    else continue;
    out[name] = db.prepare(`select * from "${name}" ${where}`).all(workspaceId);
  }
  return out;
}

const refused = (replies: Reply[]) =>
  replies.length === 1 &&
  replies[0]?.audience === "ephemeral" &&
  /warning|danger/.test(replies[0].message.tone ?? "");

let pulse: TestPulse;
const checkinOf = new Map<Platform, number>();

beforeAll(async () => {
  const clock = new ManualClock("2026-03-02T07:00:00Z");
  pulse = await createTestPulse({
    clock,
    admins: ["pmo"],
    platforms: PLATFORMS.map((p) => createRecordingPlatform(p, clock)),
  });
  for (const platform of PLATFORMS) {
    for (const ws of [WORKSPACE[platform], NEIGHBOUR[platform]]) {
      await pulse.run(
        "pmo",
        "initiative",
        "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc",
        ws,
        platform,
      );
      for (const user of ["ana", "bo", "zed", "cy", "dee"])
        await pulse.run(user, "initiative", "list", ws, platform);
    }
  }
  clock.set("2026-03-02T10:00:00Z");
  await pulse.tick();
  for (const platform of PLATFORMS) {
    const row = pulse.db.$client
      .prepare("select id from checkins where workspace_id = ?")
      .get(WORKSPACE[platform]) as { id: number };
    checkinOf.set(platform, row.id);
  }
});
afterAll(async () => {
  await pulse.close();
});

describe("who may do what, on every platform", () => {
  const rows = PLATFORMS.flatMap((platform) =>
    MATRIX.flatMap((m) => ROLES.map((role) => ({ platform, role, ...m }))),
  );
  let checked = 0;
  afterAll(() => recordResult("authorization", { cases: checked, crossings: 0 }));

  it.each(rows)("$platform · $role · $name", async ({ platform, role, gesture, allowed }) => {
    const db = pulse.db.$client;
    const home = WORKSPACE[platform];
    // Each case starts from the same state: the gesture runs inside a transaction rolled back after.
    db.exec("begin");
    try {
      const before = dumpDatabase(pulse);
      const ownBefore = rowsOf(pulse, home);
      const replies = await pulse.core.handle(gesture(actorOf(role, platform), checkinOf.get(platform) ?? 0));
      if (allowed.includes(role)) {
        expect(refused(replies), replyText(replies)).toBe(false);
        expect(rowsOf(pulse, home)).not.toEqual(ownBefore);
      } else if (role.startsWith("neighbour")) {
        // Whatever a neighbour may do in its own workspace, nothing of this one is read or written.
        expect(rowsOf(pulse, home)).toEqual(ownBefore);
        expect(replyText(replies)).not.toMatch(/Churn model.*(Proof of concept|poc)/i);
      } else {
        expect(refused(replies), replyText(replies)).toBe(true);
        expect(dumpDatabase(pulse)).toEqual(before);
      }
      checked++;
    } finally {
      db.exec("rollback");
    }
  });
});

describe("workspaces side by side", () => {
  it("each workspace lists, shows and exports only its own initiatives", async () => {
    for (const platform of PLATFORMS) {
      await pulse.run(
        "pmo",
        "initiative",
        `add Only in ${platform} --sponsor <@ana|ana> --lead <@bo|bo>`,
        WORKSPACE[platform],
        platform,
      );
    }
    for (const platform of PLATFORMS) {
      for (const ws of [WORKSPACE[platform], NEIGHBOUR[platform]]) {
        const list = replyText(await pulse.run("zed", "initiative", "list", ws, platform));
        for (const other of PLATFORMS) {
          const mine = other === platform && ws === WORKSPACE[platform];
          expect(list.includes(`Only in ${other}`), `${ws} lists "Only in ${other}"`).toBe(mine);
          const shown = await pulse.run("zed", "initiative", `show only-in-${other}`, ws, platform);
          expect(refused(shown), `${ws} shows only-in-${other}`).toBe(!mine);
        }
        const data = await exportWorkspace(pulse.deps, ws);
        expect(JSON.stringify(data)).not.toMatch(
          new RegExp(
            PLATFORMS.filter((p) => p !== platform || ws !== WORKSPACE[platform])
              .map((p) => `Only in ${p}`)
              .join("|"),
          ),
        );
        const text = JSON.stringify(data);
        for (const otherWs of [...Object.values(WORKSPACE), ...Object.values(NEIGHBOUR)])
          if (otherWs !== ws) expect(text).not.toContain(otherWs);
      }
    }
  });

  it("check-ins go out on each workspace's own platform, to its own people", async () => {
    for (const platform of PLATFORMS) {
      const recorder = pulse.platforms.get(platform) as ReturnType<typeof createRecordingPlatform>;
      const workspaces = new Set(recorder.sent.map((m) => m.workspaceId));
      expect(workspaces).toEqual(new Set([WORKSPACE[platform], NEIGHBOUR[platform]]));
    }
  });

  it("a sponsor with the same user id in a neighbouring workspace cannot answer this one's check-in", async () => {
    for (const platform of PLATFORMS) {
      const id = checkinOf.get(platform) ?? 0;
      const before = rowsOf(pulse, WORKSPACE[platform]);
      const replies = await pulse.core.handle(
        act("checkin.choice", (c) => `${c}:handover`)(actorOf("neighbour-sponsor", platform), id),
      );
      expect(refused(replies)).toBe(true);
      expect(rowsOf(pulse, WORKSPACE[platform])).toEqual(before);
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPulse, dumpDatabase, replyText, type TestPulse } from "../../support/pulse-fixture.js";

/** Who may do what (DESIGN.md "Who may do what"): the whole matrix of roles × mutating commands. */
type Role = "admin" | "lead" | "sponsor" | "other";
const USER: Record<Role, string> = { admin: "pmo", lead: "bo", sponsor: "ana", other: "zed" };

const MATRIX: { command: "initiative" | "stage" | "pulse"; text: string; allowed: Role[] }[] = [
  { command: "initiative", text: "add New bet --sponsor <@ana|ana> --lead <@bo|bo>", allowed: ["admin"] },
  { command: "stage", text: "churn architecture --force agreed", allowed: ["admin", "lead", "sponsor"] },
  { command: "initiative", text: "set churn metric churn -3%", allowed: ["admin", "lead"] },
  { command: "initiative", text: "set churn readiness profiled", allowed: ["admin", "lead"] },
  { command: "initiative", text: "set churn cadence monthly", allowed: ["admin", "lead"] },
  { command: "initiative", text: "set churn lead <@cy|cy>", allowed: ["admin", "lead"] },
  { command: "initiative", text: "set churn sponsor <@dee|dee>", allowed: ["admin", "lead", "sponsor"] },
  { command: "initiative", text: "pause churn holiday", allowed: ["admin", "lead"] },
  { command: "initiative", text: "close churn stopped", allowed: ["admin", "lead"] },
  { command: "pulse", text: "admin add <@cy|cy>", allowed: ["admin"] },
  { command: "pulse", text: "channel <#C9|pmo>", allowed: ["admin"] },
];

let pulse: TestPulse;

beforeEach(async () => {
  pulse = await createTestPulse();
  await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
  for (const user of ["ana", "bo", "zed", "cy", "dee"]) await pulse.run(user, "initiative", "list");
});

afterEach(async () => {
  await pulse.close();
});

describe("permission matrix", () => {
  const rows = MATRIX.flatMap((m) => (Object.keys(USER) as Role[]).map((role) => ({ ...m, role })));
  it.each(rows)("$role: /$command $text", async ({ command, text, role, allowed }) => {
    const before = dumpDatabase(pulse);
    const replies = await pulse.run(USER[role], command, text);
    const changed = JSON.stringify(dumpDatabase(pulse)) !== JSON.stringify(before);
    if (allowed.includes(role)) {
      expect(changed, replyText(replies)).toBe(true);
    } else {
      expect(changed).toBe(false);
      expect(replyText(replies)).toMatch(/^Only /);
      // The refusal says who may do it instead.
      expect(replyText(replies)).toMatch(/(Lead|PMO admins here): /);
    }
  });

  it("anyone may list and show", async () => {
    expect(replyText(await pulse.run("zed", "initiative", "list"))).toContain("Churn model");
    expect(replyText(await pulse.run("zed", "initiative", "show churn"))).toContain("Sponsor: ana");
    expect(replyText(await pulse.run("zed", "stage", "churn"))).toContain("is in Proof of concept");
  });
});

describe("workspace isolation", () => {
  it("a user of workspace B neither sees nor touches workspace A", async () => {
    const other = (text: string, command: "initiative" | "stage" = "initiative") =>
      pulse.run("intruder", command, text, "T_OTHER", "slack");
    expect(replyText(await other("list"))).toContain("No initiatives yet");
    expect(replyText(await other("show churn"))).toContain("no initiative");
    const before = dumpDatabase(pulse).initiatives;
    expect(replyText(await other("churn scaling --force x", "stage"))).toContain("no initiative");
    expect(dumpDatabase(pulse).initiatives).toEqual(before);
  });

  it("the same platform user id in two workspaces is two people with separate roles", async () => {
    // "pmo" is seeded as admin by PMO_ADMINS in each workspace it appears in, but owns nothing across.
    await pulse.run(
      "pmo",
      "initiative",
      "add Churn model --sponsor <@ana|ana> --lead <@bo|bo>",
      "T_OTHER",
      "slack",
    );
    const a = await pulse.deps.store.listInitiatives("local");
    const b = await pulse.deps.store.listInitiatives("T_OTHER");
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]?.sponsors[0]?.id).not.toBe(b[0]?.sponsors[0]?.id);
    // A lead in T_OTHER cannot move A's initiative.
    expect(replyText(await pulse.run("bo", "stage", "churn arch --force ok", "T_OTHER", "slack"))).toContain(
      "moved",
    );
    expect((await pulse.deps.store.listInitiatives("local"))[0]?.stage).toBe("poc");
  });
});

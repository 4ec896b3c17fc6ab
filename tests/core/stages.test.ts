import { describe, expect, it } from "vitest";
import { missingGateItems } from "../../src/domain/gates.js";
import { parseStage, resolveStage, STAGES } from "../../src/domain/stages.js";
import type { Initiative, Person } from "../../src/domain/types.js";

describe("stage aliases", () => {
  it.each([
    ["strategy", "strategy"],
    ["vision", "strategy"],
    ["PILOT", "poc"],
    ["arch", "architecture"],
    ["build", "architecture"],
    ["production", "scaling"],
    ["prod", "scaling"],
    ["ops", "operational"],
    ["live", "operational"],
    ["1", "strategy"],
    ["5", "operational"],
  ])("%s → %s", (input, stage) => {
    expect(resolveStage(input)).toBe(stage);
  });

  it("refuses anything else with the list of stages", () => {
    expect(resolveStage("6")).toBeUndefined();
    expect(() => parseStage("pilotx")).toThrow(/not a stage/);
    try {
      parseStage("nope");
    } catch (error) {
      expect((error as { details: string[] }).details).toHaveLength(STAGES.length);
    }
  });
});

const ana: Person = {
  id: 1,
  workspaceId: "w",
  userId: "ana",
  displayName: "ana",
  tz: null,
  country: null,
  isBot: false,
};

function initiative(patch: Partial<Initiative>): Initiative {
  const t = new Date("2026-01-01");
  return {
    id: 1,
    workspaceId: "w",
    slug: "x",
    name: "X",
    stage: "strategy",
    status: "active",
    statusReason: null,
    cadence: "weekly",
    pmoChannel: null,
    successMetric: null,
    dataReadiness: null,
    stageEnteredAt: t,
    createdAt: t,
    updatedAt: t,
    nextCheckinAt: null,
    sponsors: [ana],
    leads: [],
    sponsorSince: t,
    ...patch,
  };
}

describe("stage gates", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const facts = { lastSponsorAnswerAt: null, cadenceDays: 7, now };

  it("leaving strategy needs a success metric and a data-readiness note", () => {
    const missing = missingGateItems(initiative({}), "poc", facts);
    expect(missing).toHaveLength(2);
    expect(missing[0]).toMatch(/success metric/);
    expect(missing[1]).toMatch(/data-readiness/);
    expect(missingGateItems(initiative({ successMetric: "m", dataReadiness: "d" }), "poc", facts)).toEqual(
      [],
    );
  });

  it("entering scaling needs a sponsor answer within the last cadence", () => {
    const arch = initiative({ stage: "architecture" });
    expect(missingGateItems(arch, "scaling", facts)[0]).toMatch(/within the last 7 days/);
    expect(
      missingGateItems(arch, "scaling", { ...facts, lastSponsorAnswerAt: new Date("2026-02-27") }),
    ).toEqual([]);
    expect(
      missingGateItems(arch, "scaling", { ...facts, lastSponsorAnswerAt: new Date("2026-02-10") }),
    ).toHaveLength(1);
    expect(
      missingGateItems(initiative({ stage: "architecture", sponsors: [] }), "scaling", facts)[0],
    ).toMatch(/a sponsor/);
  });

  it("skipping stages collects both gates; moving back has none", () => {
    expect(missingGateItems(initiative({}), "operational", facts)).toHaveLength(3);
    expect(missingGateItems(initiative({ stage: "scaling" }), "poc", facts)).toEqual([]);
  });
});

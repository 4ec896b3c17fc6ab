import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDigest } from "../../../src/digest/build.js";
import { type DigestInitiative, type DigestInput, ENGAGEMENT_STATES } from "../../../src/digest/model.js";
import { digestToMarkdown, digestToText } from "../../../src/digest/render.js";
import { STAGES } from "../../../src/domain/stages.js";
import { NOW, SINCE } from "../../fixtures/digest/eight-weeks.js";

const DAY = 86_400_000;

/** 5,000 initiatives: every 4th lapsed, every 5th in POC for 200 days, all added this week. */
function bigPortfolio(n = 5000): DigestInput {
  const initiatives: DigestInitiative[] = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    slug: `initiative-${String(i + 1).padStart(4, "0")}`,
    name: `Initiative ${i + 1}`,
    stage: i % 5 === 0 ? "poc" : "architecture",
    status: "active",
    stageEnteredAt: new Date(NOW.getTime() - (i % 5 === 0 ? 200 : 10) * DAY),
    sponsorNames: [`Sponsor ${i % 300}`],
    leadNames: [`Lead ${i % 200}`],
    engagement:
      i % 4 === 0
        ? { state: "lapsed", reasons: ["no sponsor answer for 6 weeks"] }
        : { state: "engaged", reasons: [] },
  }));
  return {
    workspaceName: "Big Corp",
    periodStart: SINCE,
    periodEnd: NOW,
    initiatives,
    events: {
      stageMoves: [],
      stateChanges: [],
      added: initiatives.map((i) => ({ slug: i.slug, name: i.name, at: SINCE, stage: i.stage })),
      closed: [],
    },
    openEscalations: [],
    checkins: [],
    notes: initiatives.slice(0, 37 + 10).map((i) => ({
      slug: i.slug,
      name: i.name,
      by: "A sponsor",
      text: "More data engineers",
      at: NOW,
    })),
  };
}

describe("digest at 5,000 initiatives", () => {
  const digest = buildDigest(bigPortfolio(), NOW);

  it("caps every list section at 10 lines and counts the rest", () => {
    const byKey = Object.fromEntries(digest.sections.map((s) => [s.key, s]));
    expect(byKey.attention?.lines).toHaveLength(10);
    expect(byKey.attention?.more).toBe(1250 - 10);
    expect(byKey.changes?.more).toBe(5000 - 10);
    expect(byKey.stuck?.more).toBe(1000 - 10);
    expect(byKey.asks?.more).toBe(37);
    expect(digest.headline).toBe(
      "5,000 initiatives · 1,250 need a sponsor conversation · 1,000 stuck in POC",
    );
  });

  it("says how many more and where the full list is, in every format", () => {
    const text = digestToText(digest);
    expect(text).toContain("- and 37 more — full list: `sponsor-pulse export`");
    expect(text).toContain("and 1,240 more — full list: `sponsor-pulse export`");
    expect(digestToMarkdown(digest)).toContain("- _and 37 more — full list: `sponsor-pulse export`_");
    // Readable in under a minute: a bounded number of lines whatever the portfolio size.
    expect(text.split("\n").length).toBeLessThan(80);
  });
});

describe("digest invariants (property)", () => {
  const initiative = fc.record({
    stage: fc.constantFrom(...STAGES),
    status: fc.constantFrom("active", "paused", "closed"),
    state: fc.constantFrom(...ENGAGEMENT_STATES),
    daysInStage: fc.integer({ min: 0, max: 400 }),
  });

  it("never shows more than the cap, and shown + more = everything", () => {
    fc.assert(
      fc.property(fc.array(initiative, { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (rows, cap) => {
        const input = bigPortfolio(0);
        input.initiatives = rows.map((r, i) => ({
          id: i,
          slug: `i-${i}`,
          name: `I ${i}`,
          stage: r.stage,
          status: r.status as DigestInitiative["status"],
          stageEnteredAt: new Date(NOW.getTime() - r.daysInStage * DAY),
          sponsorNames: [],
          leadNames: [],
          engagement: { state: r.state, reasons: [] },
        }));
        const d = buildDigest(input, NOW, { maxLinesPerSection: cap });
        const open = rows.filter((r) => r.status !== "closed");
        expect(d.snapshot.total).toBe(open.length);
        for (const s of d.sections) {
          if (s.key === "portfolio" || s.key === "welcome") continue;
          expect(s.lines.length).toBeLessThanOrEqual(cap);
          expect(s.lines.length).toBeGreaterThan(0);
        }
        const attention = d.sections.find((s) => s.key === "attention");
        const flagged = open.filter(
          (r) => r.status === "active" && ["lapsing", "lapsed", "unsponsored"].includes(r.state),
        ).length;
        expect((attention?.lines.length ?? 0) + (attention?.more ?? 0)).toBe(flagged);
      }),
      { numRuns: 200 },
    );
  });
});

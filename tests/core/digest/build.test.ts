import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDigest } from "../../../src/digest/build.js";
import type { Digest, DigestInput, DigestSectionKey } from "../../../src/digest/model.js";
import { digestToText } from "../../../src/digest/render.js";
import { eightWeeks, NOW, SINCE } from "../../fixtures/digest/eight-weeks.js";

const GOLDEN = join(import.meta.dirname, "../../fixtures/digest/eight-weeks.txt");

const section = (d: Digest, key: DigestSectionKey) => d.sections.find((s) => s.key === key);
const texts = (d: Digest, key: DigestSectionKey) =>
  section(d, key)?.lines.map((l) => (l.slug ? `${l.slug}: ${l.text}` : l.text));

function emptyInput(over: Partial<DigestInput> = {}): DigestInput {
  return {
    workspaceName: "Acme",
    periodStart: SINCE,
    periodEnd: NOW,
    initiatives: [],
    events: { stageMoves: [], stateChanges: [], added: [], closed: [] },
    openEscalations: [],
    checkins: [],
    notes: [],
    ...over,
  };
}

describe("buildDigest on a scripted 8-week history", () => {
  const digest = buildDigest(eightWeeks(), NOW);

  it("matches the golden text (reviewed by eye; UPDATE_GOLDEN=1 rewrites it)", () => {
    const text = digestToText(digest);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("puts the sections in the agreed order and the headline first", () => {
    expect(digest.headline).toBe("7 initiatives · 3 need a sponsor conversation · 2 stuck in POC");
    expect(digest.sections.map((s) => s.key)).toEqual([
      "attention",
      "changes",
      "stuck",
      "portfolio",
      "response",
      "asks",
    ]);
    expect(digest.empty).toBe(false);
  });

  it("needs attention: worst first, with reasons, escalation age and the next action", () => {
    expect(texts(digest, "attention")).toEqual([
      "1 sponsor cannot get check-ins: the bot is not installed for them",
      "churn-predictor: lapsed: no sponsor answer since 5 Oct (7 weeks) · sponsor Sam Okafor · escalated 20 days ago → re-brief the sponsor, find a new sponsor, or pause",
      "demand-forecast: unsponsored: no sponsor assigned → name a sponsor or pause the initiative",
      "hr-chatbot: lapsing: missed the check-ins of 9 Nov and 16 Nov · sponsor Kim Lee (away until 30 Nov) · escalated 3 days ago → wait until the sponsor is back, then re-brief",
      "churn-predictor: ask to Sam Okafor overdue since 20 Nov: “Confirm the Q1 budget”",
    ]);
  });

  it("what changed: stage moves with who and note, lapses, recoveries, added, closed", () => {
    expect(texts(digest, "changes")).toEqual([
      "contract-search: 18 Nov · POC → Architecture by Lee Chen: “Integration plan agreed with IT”",
      "churn-predictor: 16 Nov · became lapsed",
      "invoice-ocr: 19 Nov · recovered: the sponsor is engaged again",
      "demand-forecast: 17 Nov · added in Strategy by Ana Silva",
      "legacy-chatbot: 20 Nov · closed: “Stopped: replaced by the vendor tool”",
    ]);
  });

  it("stuck: active initiatives past the threshold, paused ones left out", () => {
    expect(texts(digest, "stuck")).toEqual([
      "claims-triage: POC for 144 days (threshold 90): pilot purgatory",
      "hr-chatbot: POC for 104 days (threshold 90): pilot purgatory",
    ]);
  });

  it("portfolio counts with the change since the previous snapshot", () => {
    expect(texts(digest, "portfolio")).toEqual([
      "Total 7 (+1), 1 paused (change since the last digest)",
      "By stage: Strategy 1 (+1) · POC 2 (−1) · Architecture 1 (+1) · Scaling 2 · Operational 1",
      "By engagement (active ones): engaged 3 · cooling 0 · lapsing 1 (−1) · lapsed 1 (+1) · unsponsored 1 (+1)",
    ]);
    expect(digest.snapshot).toEqual({
      version: 1,
      at: NOW.toISOString(),
      total: 7,
      paused: 1,
      byStage: { strategy: 1, poc: 2, architecture: 1, scaling: 2, operational: 1 },
      byState: { engaged: 3, cooling: 0, lapsing: 1, lapsed: 1, unsponsored: 1 },
    });
  });

  it("response rate and confidence: last 4 weeks against the 4 before", () => {
    expect(texts(digest, "response")).toEqual([
      "Response rate, last 4 weeks: 60% (12 of 20); was 92% (22 of 24): down 32 pts",
      "Average confidence, last 4 weeks: 3.1 / 5; was 3.3: down 0.2",
    ]);
  });

  it("what sponsors asked for: newest first, on one line each", () => {
    expect(texts(digest, "asks")).toEqual([
      "contract-search: 17 Nov · Priya Nair: “Need a data-protection review slot before we connect the HR data”",
      "claims-triage: 16 Nov · Dana Reyes: “GPU budget sign-off by December”",
    ]);
  });
});

describe("buildDigest edge cases", () => {
  it("an empty portfolio gets a short friendly digest", () => {
    const d = buildDigest(emptyInput(), NOW);
    expect(d.empty).toBe(true);
    expect(d.headline).toBe("No initiatives yet");
    expect(d.sections.map((s) => s.key)).toEqual(["welcome"]);
    expect(digestToText(d)).toContain("/initiative add");
    expect(d.snapshot.total).toBe(0);
  });

  it("leaves empty sections out and says when nothing needs the PMO", () => {
    const input = eightWeeks();
    const calm = emptyInput({
      initiatives: input.initiatives
        .filter((i) => i.engagement.state === "engaged" && i.stage !== "poc")
        .map((i) => ({ ...i })),
    });
    const d = buildDigest(calm, NOW);
    expect(d.sections.map((s) => s.key)).toEqual(["portfolio"]);
    expect(d.headline).toBe("3 initiatives · nothing needs you this week");
    // No previous snapshot: counts without deltas.
    expect(texts(d, "portfolio")?.[0]).toBe("Total 3, 1 paused");
  });

  it("only closed initiatives this week: still reports the change, not the welcome", () => {
    const d = buildDigest(emptyInput({ events: { ...eightWeeks().events, stageMoves: [] } }), NOW);
    expect(d.empty).toBe(false);
    expect(d.sections.map((s) => s.key)).toEqual(["changes"]);
    expect(d.headline).toBe("0 initiatives");
  });

  it("honours configured stage thresholds and line caps", () => {
    const d = buildDigest(eightWeeks(), NOW, {
      stageThresholdsDays: { poc: 120, operational: 200 },
      maxLinesPerSection: 2,
    });
    expect(texts(d, "stuck")).toEqual([
      "invoice-ocr: Operational for 266 days (threshold 200)",
      "claims-triage: POC for 144 days (threshold 120): pilot purgatory",
    ]);
    expect(section(d, "attention")?.lines).toHaveLength(2);
    expect(section(d, "attention")?.more).toBe(3);
    expect(section(d, "changes")?.more).toBe(3);
  });

  it("says when a move went backwards and when a gate was overridden", () => {
    const d = buildDigest(
      emptyInput({
        events: {
          stageMoves: [
            { slug: "a", name: "A", from: "scaling", to: "poc", by: "Lee", note: null, at: NOW },
            {
              slug: "b",
              name: "B",
              from: "strategy",
              to: "poc",
              by: null,
              note: "",
              forcedReason: "CEO ask",
              at: NOW,
            },
          ],
          stateChanges: [],
          added: [],
          closed: [],
        },
      }),
      NOW,
    );
    expect(texts(d, "changes")).toEqual([
      "a: 23 Nov · moved back Scaling → POC by Lee",
      "b: 23 Nov · Strategy → POC (gate overridden: “CEO ask”)",
    ]);
  });
});

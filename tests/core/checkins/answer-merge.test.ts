import { describe, expect, it } from "vitest";
import { mergeAnswer, type StoredAnswer } from "../../../src/checkins/answer-merge.js";

const due = Date.parse("2026-02-02T10:00:00Z");
const open: StoredAnswer = {
  status: "open",
  choice: null,
  confidence: null,
  note: null,
  answeredByPersonId: null,
  latencySeconds: null,
  dueAt: due,
};

describe("an answer merged into a check-in", () => {
  it("a first answer counts the latency from the due time (never negative)", () => {
    expect(mergeAnswer(open, { choice: "active" }, 7, due + 90_500)).toEqual({
      choice: "active",
      confidence: null,
      note: null,
      status: "answered",
      answeredAt: due + 90_500,
      answeredByPersonId: 7,
      latencySeconds: 91,
    });
    expect(mergeAnswer(open, { choice: "active" }, 7, due - 5_000)?.latencySeconds).toBe(0);
  });

  it("an edit keeps the other fields and the first latency; the same answer again changes nothing", () => {
    const first = mergeAnswer(open, { choice: "limited", note: "busy" }, 7, due + 60_000);
    if (!first) throw new Error("expected a change");
    const stored: StoredAnswer = { ...first, dueAt: due };
    const edit = mergeAnswer(stored, { confidence: 3 }, 7, due + 3_600_000);
    expect(edit).toMatchObject({ choice: "limited", note: "busy", confidence: 3, latencySeconds: 60 });
    expect(mergeAnswer(stored, { choice: "limited" }, 7, due + 7_200_000)).toBeNull();
    expect(mergeAnswer(stored, {}, 8, due + 7_200_000)).toMatchObject({ answeredByPersonId: 8 });
  });
});

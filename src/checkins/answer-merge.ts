/**
 * How an answer lands on a check-in, the same whichever database stores it: the patch merges into
 * the current answer, and nothing is written when it changes nothing (a double tap, a re-delivered
 * card). The latency counts to the first answer; later edits keep it.
 */
import type { CheckinChoice } from "../engagement/model.js";
import type { AnswerPatch } from "../ports/checkin-store.js";

/** The stored answer of a check-in, as the merge reads it. */
export interface StoredAnswer {
  status: string;
  choice: CheckinChoice | null;
  confidence: number | null;
  note: string | null;
  answeredByPersonId: number | null;
  latencySeconds: number | null;
  dueAt: number;
}

export interface MergedAnswer {
  choice: CheckinChoice | null;
  confidence: number | null;
  note: string | null;
  status: "answered";
  answeredAt: number;
  answeredByPersonId: number;
  latencySeconds: number;
}

/** The answer after `patch` by `answererId` at `at` (ms), or null when it is the one already stored. */
export function mergeAnswer(
  current: StoredAnswer,
  patch: AnswerPatch,
  answererId: number,
  at: number,
): MergedAnswer | null {
  const choice = patch.choice ?? current.choice ?? null;
  const confidence = patch.confidence ?? current.confidence ?? null;
  const note = patch.note ?? current.note ?? null;
  const same =
    current.status === "answered" &&
    choice === current.choice &&
    confidence === current.confidence &&
    note === current.note &&
    current.answeredByPersonId === answererId;
  if (same) return null;
  return {
    choice,
    confidence,
    note,
    status: "answered",
    answeredAt: at,
    answeredByPersonId: answererId,
    latencySeconds: current.latencySeconds ?? Math.max(0, Math.round((at - current.dueAt) / 1000)),
  };
}

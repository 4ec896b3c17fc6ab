/**
 * Which initiatives' digest engagement needs check-ins older than the recent ones the store reads
 * anyway (the trend's 8 weeks): most do not, so the digest's load (load.ts) asks the store for the full
 * 26-week look-back only for those, instead of 130,000 rows at 5,000 initiatives.
 *
 * Exact, not approximate: `deriveEngagement` (src/engagement/signals.ts) reads the history only through
 * the latest answer (handover, limited time, silence), the last two answers with a confidence, the run of
 * delegated answers back to the last personal one, and the run of misses after the latest answer. When
 * the recent check-ins hold all of those, and every older answer was known before them, the older
 * check-ins change nothing the digest shows (only the episode start, which it does not show).
 * tests/core/digest/engagement-window.test.ts checks this against the full derivation.
 */
import type { CheckinFact } from "../engagement/model.js";
import type { CheckinRowFact, InitiativeFact, RoleFact } from "./facts.js";

export interface EngagementWindowInput {
  initiatives: InitiativeFact[];
  roles: RoleFact[];
  /** Every check-in of these initiatives due in [recentFrom, now). */
  recent: CheckinRowFact[];
  /** Per initiative, the latest instant an answer to a check-in due before `recentFrom` was known. */
  earlierAnswerAt: Map<number, Date>;
  now: Date;
}

/** Ids of open initiatives whose engagement needs their check-ins due before the recent window. */
export function needsEarlierCheckins(input: EngagementWindowInput): number[] {
  // The current sponsors of each initiative, and since when the first of them has been one.
  const sponsorsOf = new Map<number, { ids: Set<number>; since: number }>();
  for (const r of input.roles) {
    if (r.role !== "sponsor") continue;
    const seen = sponsorsOf.get(r.initiativeId);
    if (seen) {
      seen.ids.add(r.personId);
      seen.since = Math.min(seen.since, r.since.getTime());
    } else sponsorsOf.set(r.initiativeId, { ids: new Set([r.personId]), since: r.since.getTime() });
  }
  // Per initiative, the recent answers known after every earlier one: all, with a confidence, personal.
  const counts = new Map<number, { answers: number; withConfidence: number; personal: number }>();
  const now = input.now.getTime();
  for (const c of input.recent) {
    const sponsors = sponsorsOf.get(c.initiativeId);
    if (c.status !== "answered" || !sponsors?.ids.has(c.sponsorPersonId)) continue;
    if (c.dueAt.getTime() < sponsors.since) continue;
    const knownAt = (c.answeredAt ?? c.dueAt).getTime();
    const after = input.earlierAnswerAt.get(c.initiativeId)?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (knownAt > now || knownAt <= after) continue;
    let n = counts.get(c.initiativeId);
    if (!n) {
      n = { answers: 0, withConfidence: 0, personal: 0 };
      counts.set(c.initiativeId, n);
    }
    n.answers++;
    if (typeof c.confidence === "number") n.withConfidence++;
    if (c.answeredByPersonId === null || c.answeredByPersonId === c.sponsorPersonId) n.personal++;
  }
  const out: number[] = [];
  for (const i of input.initiatives) {
    // Closed initiatives get no engagement; without a sponsor it is "unsponsored" whatever the history.
    if (i.status === "closed" || !sponsorsOf.has(i.id)) continue;
    const n = counts.get(i.id);
    if (!n || n.withConfidence < 2 || n.personal === 0) out.push(i.id);
  }
  return out;
}

/**
 * The same rule within what was read, per initiative: the latest suffix (by due time) of one
 * initiative's engagement input that settles its state, so the engagement replays ~3 check-ins, not
 * 8 or 26. `own` is sorted by due time; the suffix keeps every check-in due at or after the cut.
 * tests/core/digest/engagement-window.test.ts checks it against the full input.
 */
export function settledHistory(own: CheckinFact[], sponsorSince: number, now: number): CheckinFact[] {
  const n = own.length;
  if (n < 3) return own;
  const knownAt = (c: CheckinFact) => (c.answeredAt ?? c.dueAt).getTime();
  // before[j]: the latest instant an answer among own[0..j-1] was known (by now).
  const before: number[] = [Number.NEGATIVE_INFINITY];
  for (let j = 0; j < n; j++) {
    const c = own[j] as CheckinFact;
    const k = c.status === "answered" ? knownAt(c) : Number.NEGATIVE_INFINITY;
    before.push(k <= now ? Math.max(before[j] as number, k) : (before[j] as number));
  }
  for (let j = n - 1; j > 0; j--) {
    const cut = own[j] as CheckinFact;
    const due = cut.dueAt.getTime();
    if (cut.status !== "answered" || (own[j - 1] as CheckinFact).dueAt.getTime() === due) continue;
    const after = before[j] as number;
    let withConfidence = 0;
    let personal = 0;
    for (let k = j; k < n; k++) {
      const c = own[k] as CheckinFact;
      if (c.status !== "answered" || c.dueAt.getTime() < sponsorSince) continue;
      const known = knownAt(c);
      if (known > now || known <= after) continue;
      if (typeof c.confidence === "number") withConfidence++;
      if (!c.delegated) personal++;
    }
    if (withConfidence >= 2 && personal > 0) return own.slice(j);
  }
  return own;
}

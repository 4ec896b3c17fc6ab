/**
 * Where a batch of due slots ends: never inside a sponsor's group, because a sponsor's initiatives
 * share one check-in message and a group cut in two sent two (bench fan-out).
 */

/**
 * The batch out of `rows`, read in sponsor order with one row past `limit` to see whether the cut
 * falls inside a group: it stops before that group, unless the group is the whole batch.
 */
export function wholeSponsorBatch<T>(rows: readonly T[], limit: number, groupOf: (row: T) => string): T[] {
  if (rows.length <= limit) return [...rows];
  const next = rows[limit] as T;
  const last = rows[limit - 1] as T;
  let end = limit;
  if (groupOf(next) === groupOf(last)) while (end > 0 && groupOf(rows[end - 1] as T) === groupOf(next)) end--;
  return rows.slice(0, end > 0 ? end : limit);
}

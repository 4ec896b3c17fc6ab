/**
 * Which open asks a sponsor change moves, and where: those addressed to someone who is no longer a
 * sponsor go to `toPersonId`, who must be one. Without sponsors left, nothing moves.
 */
import type { Ask, HandedOverAsk } from "../ports/ask-store.js";

export function asksToHandOver(
  open: readonly Ask[],
  sponsorIds: readonly number[],
  toPersonId: number,
): HandedOverAsk[] {
  if (sponsorIds.length === 0) return [];
  if (!sponsorIds.includes(toPersonId))
    throw new Error(`hand-over to person ${toPersonId}, who is not a sponsor`);
  return open
    .filter((ask) => !sponsorIds.includes(ask.sponsorPersonId))
    .map((ask) => ({ ask: { ...ask, sponsorPersonId: toPersonId }, fromPersonId: ask.sponsorPersonId }));
}

/**
 * The sponsors' real weeks (time away, open asks) for the initiatives in scope, as the digest and the
 * portfolio's weeks both read them beside the store's rows: the bot's reading, absent for a bare loader.
 */
import { loadSponsorWeeks, type SponsorPorts, type SponsorReading } from "../sponsors/facts.js";
import type { SponsorFacts, SponsorScope } from "./facts.js";

export interface SponsorFactsRead {
  reading: SponsorReading;
  /** What `DigestFacts.sponsors` takes. */
  sponsors: SponsorFacts;
}

export async function readSponsorFacts(
  ports: (SponsorPorts & { defaultTz: string }) | undefined,
  workspaceId: string,
  scope: SponsorScope,
): Promise<SponsorFactsRead | undefined> {
  if (!ports) return undefined;
  const reading = await loadSponsorWeeks(ports, workspaceId, {
    initiativeIds: scope.initiativeIds,
    sponsorIds: scope.sponsors.map((s) => s.personId),
  });
  return { reading, sponsors: { defaultTz: ports.defaultTz, ...reading.weeks } };
}

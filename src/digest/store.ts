import type { OutboxMessage } from "../ports/checkin-store.js";
import type { DigestData } from "./assemble.js";
import type { SponsorFactsSource } from "./facts.js";

export interface DigestLoadOptions {
  now: Date;
  since: Date;
  /** One PMO channel's initiatives (those without a channel belong to the default one); all when absent. */
  channelId?: string;
  /** Reads time away and overdue asks for the loader's scope, so engagement is derived once with them. */
  sponsorFacts?: SponsorFactsSource;
}

/** Storage side of the weekly digest: the facts it reads and the exactly-once record of posting. */
export interface DigestStore {
  load(workspaceId: string, options: DigestLoadOptions): Promise<DigestData>;
  /** PMO channels with initiatives in scope: their own channel, or the workspace default. */
  channels(workspaceId: string): Promise<string[]>;
  lastPostedAt(workspaceId: string, channelId: string): Promise<Date | null>;
  /**
   * Records the digest of a period for a channel together with its outbox message, once: false when
   * that period's digest already exists (a second tick, another process).
   */
  save(
    input: { workspaceId: string; channelId: string; periodKey: string; snapshot: string; at: Date },
    message: OutboxMessage,
  ): Promise<boolean>;
  periodDone(workspaceId: string, periodKey: string): Promise<boolean>;
  markPeriodDone(workspaceId: string, periodKey: string, at: Date): Promise<void>;
}

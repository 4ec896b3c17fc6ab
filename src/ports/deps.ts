import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { ChatPlatform, Platform } from "../core/platform.js";
import type { Initiative } from "../domain/types.js";
import type { EngagementState } from "../engagement/model.js";
import type { AskStore } from "./ask-store.js";
import type { CheckinStore } from "./checkin-store.js";
import type { PortfolioStore } from "./portfolio-store.js";
import type { SponsorStore } from "./sponsor-store.js";

export interface EngagementSummary {
  state: EngagementState;
  reasons: string[];
  /** "away until 2026-12-01" while the sponsor is away (list, show, digest). */
  away?: string;
}

/** Read side of the check-in history the portfolio commands show (state, gates). */
export interface Insights {
  engagement(
    workspaceId: string,
    initiatives: Initiative[],
    now: Date,
  ): Promise<Map<number, EngagementSummary>>;
  /** When one of the initiative's current sponsors last answered a check-in. */
  lastSponsorAnswerAt(initiative: Pick<Initiative, "workspaceId" | "id" | "sponsors">): Promise<Date | null>;
}

/** Keeps an initiative's next check-in in step with its cadence, sponsor and status. */
export interface Schedule {
  reschedule(initiative: Initiative, now: Date): Promise<void>;
}

export const noInsights: Insights = {
  engagement: async () => new Map(),
  lastSponsorAnswerAt: async () => null,
};

export interface CoreConfig {
  /** Platform user ids made PMO admins of their workspace on first sight (PMO_ADMINS). */
  pmoAdmins: string[];
  /** Fallback time zone for people whose platform gives none (TZ_DEFAULT). */
  defaultTz: string;
}

/** Every port the features are given, injected by the composition root (src/cli). */
export interface CoreDeps {
  store: PortfolioStore;
  clock: Clock;
  logger: Logger;
  config: CoreConfig;
  platforms: ReadonlyMap<Platform, ChatPlatform>;
  insights: Insights;
  schedule: Schedule;
  checkins: CheckinStore;
  /** Time away, delegates, holidays, home countries (issue 11). */
  sponsors: SponsorStore;
  asks: AskStore;
}

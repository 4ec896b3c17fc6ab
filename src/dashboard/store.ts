/** One week's decided check-ins, for the response-rate and confidence trends. */
export interface WeekResponseCounts {
  answered: number;
  missed: number;
  /** Sum and number of the confidences given with answers. */
  confidenceSum: number;
  confidenceCount: number;
}

/** What the dashboard reads and keeps in the database beyond the other ports. */
export interface DashboardStore {
  /**
   * The secret every process signs with: the first caller's `candidate` is kept, later callers get
   * that one, so the CLI, the bot and every replica sign alike.
   */
  storedSecret(candidate: string, at: Date): Promise<string>;
  /** Marks a link's nonce used; false when it was used before (by any process, before any restart). */
  useLink(nonce: string, at: Date): Promise<boolean>;
  /**
   * Check-ins of these initiatives counted per week by due date (one entry per week, in order),
   * summed by the database: the trends need no row per check-in.
   */
  responseByWeek(
    workspaceId: string,
    initiativeIds: readonly number[],
    weeks: readonly { start: Date; end: Date }[],
  ): Promise<WeekResponseCounts[]>;
}

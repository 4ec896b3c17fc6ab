/** What the dashboard keeps in the database: its signing secret and the links already used. */
export interface DashboardKeyStore {
  /**
   * The secret every process signs with: the first caller's `candidate` is kept, later callers get
   * that one, so the CLI, the bot and every replica sign alike.
   */
  storedSecret(candidate: string, at: Date): Promise<string>;
  /** Marks a link's nonce used; false when it was used before (by any process, before any restart). */
  useLink(nonce: string, at: Date): Promise<boolean>;
}

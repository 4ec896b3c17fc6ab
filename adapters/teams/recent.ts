/**
 * Remembers recently handled activity ids for a while. The Bot Framework re-sends an activity
 * the bot did not answer in time, with the same id; a command must not run twice (a stage move
 * recorded twice). In memory: the retries come within seconds to the process that was slow.
 */
export class RecentActivities {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a key is offered within the time to live, false for a repeat. */
  firstTime(key: string): boolean {
    const at = this.now();
    const previous = this.seen.get(key);
    if (previous !== undefined && at - previous < this.ttlMs) return false;
    this.seen.delete(key);
    this.seen.set(key, at);
    // Map keeps insertion order: the oldest entries go first.
    for (const [old, when] of this.seen) {
      if (this.seen.size <= this.max && at - when < this.ttlMs) break;
      this.seen.delete(old);
    }
    return true;
  }
}

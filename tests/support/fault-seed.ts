/**
 * Seeds a SQLite file with many sponsors whose check-ins are due, through the real store (one
 * transaction), so the bot process started on that file has a whole tick of deliveries to make.
 */
import { systemClock } from "../../src/core/clock.js";
import type { Platform } from "../../src/core/platform.js";
import type { NewInitiative } from "../../src/ports/portfolio-store.js";
import { createTestPulse } from "./pulse-fixture.js";

export interface SeedOptions {
  workspaceId?: string;
  platform?: Platform;
  /** When the check-ins fall due (default: a minute ago, by the wall clock the bot will read). */
  dueAt?: Date;
}

export function sponsorId(i: number): string {
  return `US${String(i).padStart(5, "0")}`;
}

/** `count` initiatives, each with its own sponsor, all due; returns the sponsors' user ids. */
export async function seedDueCheckins(
  dir: string,
  count: number,
  options: SeedOptions = {},
): Promise<string[]> {
  const workspaceId = options.workspaceId ?? "T1";
  const now = systemClock.now();
  const dueAt = options.dueAt ?? new Date(now.getTime() - 60_000);
  const pulse = await createTestPulse({ dir, clock: systemClock });
  try {
    const { store } = pulse.deps;
    await store.ensureWorkspace(workspaceId, options.platform ?? "slack", now);
    const lead = await store.upsertPerson(workspaceId, "ULEAD", { displayName: "Lead", tz: "UTC" }, now);
    const ids: string[] = [];
    const inputs: NewInitiative[] = [];
    for (let i = 1; i <= count; i++) {
      const userId = sponsorId(i);
      ids.push(userId);
      const sponsor = await store.upsertPerson(
        workspaceId,
        userId,
        { displayName: `Sponsor ${i}`, tz: "UTC" },
        now,
      );
      inputs.push({
        workspaceId,
        name: `Initiative ${i}`,
        slug: `initiative-${i}`,
        stage: "poc",
        cadence: "weekly",
        pmoChannel: null,
        successMetric: null,
        dataReadiness: null,
        sponsorIds: [sponsor.id],
        leadIds: [lead.id],
        nextCheckinAt: dueAt,
      });
    }
    await store.createInitiatives(inputs, { actor: null, label: "seed", platform: "system", at: now });
    return ids;
  } finally {
    await pulse.close();
  }
}

import type { Initiative, Workspace } from "../domain/types.js";
import type { Schedule } from "../ports/deps.js";
import type { PortfolioStore } from "../ports/portfolio-store.js";
import { parseCadence } from "../schedule/cadence.js";
import { nextSlot } from "../schedule/next-slot.js";

/** The time zone check-ins follow: the first sponsor's, then the workspace's, then TZ_DEFAULT. */
export function sponsorZone(
  initiative: Initiative,
  workspace: Workspace | undefined,
  defaultTz: string,
): string {
  return initiative.sponsors[0]?.tz ?? workspace?.tz ?? defaultTz;
}

/**
 * Keeps `next_checkin_at` in step with cadence, sponsor and status: an active, sponsored initiative
 * has its next slot stored; anything else has none. The tick job reads only this column.
 */
export function createSchedule(
  store: PortfolioStore,
  defaultTz: string,
  isHoliday: (
    workspaceId: string,
    personCountry: string | null,
  ) =>
    | ((isoDate: string) => boolean)
    | undefined
    | Promise<((isoDate: string) => boolean) | undefined> = () => undefined,
): Schedule {
  return {
    async reschedule(initiative: Initiative, now: Date) {
      if (initiative.status !== "active" || initiative.sponsors.length === 0) {
        await store.setNextCheckin(initiative.id, null);
        return;
      }
      const workspace = await store.getWorkspace(initiative.workspaceId);
      const holiday = await isHoliday(initiative.workspaceId, initiative.sponsors[0]?.country ?? null);
      const slot = nextSlot({
        cadence: parseCadence(initiative.cadence),
        tz: sponsorZone(initiative, workspace, defaultTz),
        after: now,
        ...(holiday ? { isHoliday: holiday } : {}),
      });
      await store.setNextCheckin(initiative.id, slot);
    },
  };
}

import type { AuditContext, Person } from "../domain/types.js";
import type { Ask } from "./ask-store.js";
import type { OutboxMessage } from "./checkin-store.js";

/** One stored absence, half-open: away from `from` until (not including) `until`. */
export interface AwayRecord {
  id: number;
  workspaceId: string;
  personId: number;
  from: Date;
  until: Date;
  note: string | null;
  createdAt: Date;
}

export interface HolidayRecord {
  /** `YYYY-MM-DD`, a local calendar day. */
  date: string;
  /** null: the workspace's own holiday (everyone); else the country it was imported for. */
  country: string | null;
  name: string | null;
}

/**
 * Storage of the facts about sponsors' real weeks: time away, delegates, holidays, home country.
 * Every write is one transaction with its audit entry (and its notices, when it sends any).
 */
export interface SponsorStore {
  /** Periods of these people that end after `after` (all of them when omitted), by start. */
  awayPeriods(workspaceId: string, personIds: number[], after?: Date): Promise<AwayRecord[]>;
  addAway(
    input: { workspaceId: string; personId: number; from: Date; until: Date; note: string | null },
    audit: AuditContext,
    notices: OutboxMessage[],
  ): Promise<AwayRecord>;
  /** Ends the absence covering `at` (its `until` becomes `at`); returns it, or undefined when none. */
  endAway(workspaceId: string, personId: number, audit: AuditContext): Promise<AwayRecord | undefined>;

  delegateOf(workspaceId: string, personId: number): Promise<Person | undefined>;
  /** The delegates of several people at once (the planner's batch), keyed by the person who named them. */
  delegatesOf(workspaceId: string, personIds: readonly number[]): Promise<Map<number, Person>>;
  /** The people who named this person their delegate. */
  delegatorsOf(workspaceId: string, delegatePersonId: number): Promise<Person[]>;
  /** Returns false when nothing changed. */
  setDelegate(
    workspaceId: string,
    personId: number,
    delegatePersonId: number | null,
    audit: AuditContext,
  ): Promise<boolean>;

  holidays(workspaceId: string): Promise<HolidayRecord[]>;
  /** Adds the days not already there; returns how many were added. */
  addHolidays(workspaceId: string, days: HolidayRecord[], audit: AuditContext): Promise<number>;
  /** Removes every holiday on that date (the workspace's own and imported); returns how many. */
  removeHoliday(workspaceId: string, date: string, audit: AuditContext): Promise<number>;

  setCountry(
    workspaceId: string,
    personId: number,
    country: string | null,
    audit: AuditContext,
  ): Promise<void>;

  /** `import` of an export's weeks part, in one transaction; returns how many records were written. */
  importWeeks?(workspaceId: string, data: WeeksImport, audit: AuditContext): Promise<number>;
}

/** What `importWeeks` writes, with people and initiatives already resolved to ids. */
export interface WeeksImport {
  away: { personId: number; from: Date; until: Date; note: string | null }[];
  delegates: { personId: number; delegatePersonId: number }[];
  holidays: HolidayRecord[];
  countries: { personId: number; country: string }[];
  /** Asks as stored, less what the import assigns (id, workspace) or cannot know (who responded). */
  asks: Omit<Ask, "id" | "workspaceId" | "respondedByPersonId">[];
}

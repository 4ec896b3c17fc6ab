import { openAskSections } from "../asks/in-checkin.js";
import type { Initiative, Person, Workspace } from "../domain/types.js";
import { currentAbsence } from "../engagement/away.js";
import { parseEngagementSettings } from "../engagement/thresholds.js";
import { type Ask, OPEN_ASK_STATUSES } from "../ports/ask-store.js";
import type { Checkin, NewCheckin, OutboxMessage } from "../ports/checkin-store.js";
import type { CoreDeps } from "../ports/deps.js";
import type { AwayRecord } from "../ports/sponsor-store.js";
import { parseCadence } from "../schedule/cadence.js";
import { nextSlot, windowFor } from "../schedule/next-slot.js";
import { holidayCheck } from "../sponsors/holidays.js";
import { checkinMessage } from "./prompt.js";
import { sponsorZone } from "./reschedule.js";

const BATCH = 2_000;

interface Planned {
  workspace: Workspace;
  sponsor: Person;
  items: { initiative: Initiative; item: NewCheckin }[];
}

type DueSlot = Awaited<ReturnType<CoreDeps["checkins"]["dueSlots"]>>[number];

/**
 * What a batch of due slots needs, read once per workspace instead of once per slot: on PostgreSQL
 * three round trips per slot made planning, not the rate limit, set the pace of a Monday fan-out.
 */
async function loadBatch(deps: CoreDeps, due: readonly DueSlot[]) {
  const ids = new Map<string, number[]>();
  for (const slot of due) groupInto(ids, slot.workspaceId, slot.initiativeId);
  // Each slot is planned at its due time or later: absences ending after the earliest cover them all.
  const earliest = new Date(Math.min(...due.map((slot) => slot.dueAt.getTime())) - 1);
  const workspaces = new Map<string, Workspace | undefined>();
  const initiatives = new Map<number, Initiative>();
  const away = new Map<string, AwayRecord[]>();
  const asks = new Map<string, Ask[]>();
  const delegates = new Map<string, Person>();
  const key = (workspaceId: string, personId: number) => `${workspaceId}:${personId}`;
  for (const [workspaceId, initiativeIds] of ids) {
    workspaces.set(workspaceId, await deps.store.getWorkspace(workspaceId));
    const loaded = await deps.store.getInitiatives(workspaceId, initiativeIds);
    for (const initiative of loaded) initiatives.set(initiative.id, initiative);
    const sponsors = [...new Set(loaded.flatMap((i) => (i.sponsors[0] ? [i.sponsors[0].id] : [])))];
    for (const record of await deps.sponsors.awayPeriods(workspaceId, sponsors, earliest))
      groupInto(away, key(workspaceId, record.personId), record);
    const open = await deps.asks.listAsks(workspaceId, {
      sponsorPersonIds: sponsors,
      statuses: OPEN_ASK_STATUSES,
    });
    for (const ask of open) groupInto(asks, key(workspaceId, ask.sponsorPersonId), ask);
    for (const [personId, delegate] of await deps.sponsors.delegatesOf(workspaceId, sponsors))
      delegates.set(key(workspaceId, personId), delegate);
  }
  return {
    workspaces,
    initiatives,
    awayOf: (workspaceId: string, personId: number) => away.get(key(workspaceId, personId)) ?? [],
    asksOf: (workspaceId: string, personId: number) => asks.get(key(workspaceId, personId)) ?? [],
    delegateOf: (workspaceId: string, personId: number) => delegates.get(key(workspaceId, personId)),
  };
}

type Batch = Awaited<ReturnType<typeof loadBatch>>;

function groupInto<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const list = groups.get(key);
  if (list) list.push(item);
  else groups.set(key, [item]);
}

/**
 * Turns every due slot into a check-in, one message per sponsor covering all their due initiatives.
 * A slot whose response window already closed while the bot was down is skipped (no stale prompt),
 * and the schedule moves on. Returns how many check-ins were created.
 */
export async function planDueCheckins(deps: CoreDeps, now: Date): Promise<number> {
  let created = 0;
  for (;;) {
    const due = await deps.checkins.dueSlots(now, BATCH);
    if (due.length === 0) return created;
    const groups = new Map<string, Planned>();
    const batch = await loadBatch(deps, due);
    const { workspaces, initiatives, awayOf } = batch;
    // One holiday lookup per workspace and country per batch, not one per initiative.
    const holidays = new Map<string, (isoDate: string) => boolean>();
    for (const slot of due) {
      const workspace = workspaces.get(slot.workspaceId);
      const initiative = initiatives.get(slot.initiativeId);
      const sponsor = initiative?.sponsors[0];
      if (!workspace || !initiative || !sponsor || initiative.status !== "active") {
        await deps.checkins.advance(slot.initiativeId, null);
        continue;
      }
      const settings = parseEngagementSettings(workspace.settings);
      const tz = sponsorZone(initiative, workspace, deps.config.defaultTz);
      const cadence = parseCadence(initiative.cadence);
      const holidayKey = `${workspace.id}:${sponsor.country ?? ""}`;
      let isHoliday = holidays.get(holidayKey);
      if (!isHoliday) {
        isHoliday = await holidayCheck(deps.sponsors, workspace.id, sponsor.country);
        holidays.set(holidayKey, isHoliday);
      }
      // The latest slot not after now: after downtime, older slots are history, not prompts.
      let current = {
        at: slot.dueAt,
        periodKey:
          slot.periodKey ??
          nextSlot({ cadence, tz, after: new Date(slot.dueAt.getTime() - 1), isHoliday }).periodKey,
      };
      let following = nextSlot({ cadence, tz, after: current.at, isHoliday });
      while (following.at <= now) {
        current = following;
        following = nextSlot({ cadence, tz, after: current.at, isHoliday });
      }
      // Away: this slot is skipped, not missed; the first check-in after return is the next normal slot.
      if (currentAbsence(awayOf(workspace.id, sponsor.id), current.at)) {
        await deps.checkins.advance(initiative.id, following);
        continue;
      }
      const window = windowFor(current.at, settings.responseWindowDays);
      if (window.closesAt <= now) {
        deps.logger.info("skipped a stale check-in slot", {
          initiative: initiative.id,
          periodKey: current.periodKey,
        });
        await deps.checkins.advance(initiative.id, following);
        continue;
      }
      const key = `${workspace.id}:${sponsor.id}`;
      const group = groups.get(key) ?? { workspace, sponsor, items: [] };
      group.items.push({
        initiative,
        item: {
          initiativeId: initiative.id,
          periodKey: current.periodKey,
          dueAt: current.at,
          windowClosesAt: window.closesAt,
          remindAt: window.remindAt,
          next: following,
        },
      });
      groups.set(key, group);
    }
    for (const group of groups.values()) created += (await sendBatch(deps, group, batch, now)).length;
  }
}

async function sendBatch(deps: CoreDeps, group: Planned, batch: Batch, now: Date): Promise<Checkin[]> {
  const byId = new Map(group.items.map((i) => [i.initiative.id, i.initiative]));
  const tz = group.sponsor.tz ?? group.workspace.tz ?? deps.config.defaultTz;
  const { workspace, sponsor } = group;
  const open = batch.asksOf(workspace.id, sponsor.id);
  const asks = await openAskSections(deps, workspace, sponsor, now, tz, open);
  const delegate = batch.delegateOf(workspace.id, sponsor.id);
  const base = { workspaceId: group.workspace.id, platform: group.workspace.platform };
  return deps.checkins.createBatch(
    {
      workspaceId: group.workspace.id,
      sponsorPersonId: group.sponsor.id,
      items: group.items.map((i) => i.item),
      at: now,
    },
    (created) => {
      const items = created.map((c) => ({ checkin: c, initiative: byId.get(c.initiativeId) as Initiative }));
      const key = `checkin:${created.map((c) => c.id).join(",")}`;
      const prompt: OutboxMessage = {
        ...base,
        target: { kind: "user", id: group.sponsor.userId },
        dedupeKey: key,
        purpose: "checkin",
        message: checkinMessage(items, now, tz, "prompt", { asks }),
      };
      if (!delegate) return [prompt];
      // The delegate's copy is written with the prompt (one transaction: a crash loses both or neither),
      // keyed like it, so a repeated tick never sends it twice.
      const copy: OutboxMessage = {
        ...base,
        target: { kind: "user", id: delegate.userId },
        dedupeKey: `${key}:delegate:${delegate.id}`,
        purpose: "checkin.delegate",
        message: checkinMessage(items, now, delegate.tz ?? tz, "prompt", {
          onBehalfOf: group.sponsor.displayName,
        }),
      };
      return [prompt, copy];
    },
  );
}

/** One reminder per sponsor at half-window, for check-ins still unanswered. */
export async function sendReminders(deps: CoreDeps, now: Date): Promise<number> {
  const due = await deps.checkins.remindersDue(now, 10_000);
  const bySponsor = new Map<string, Checkin[]>();
  for (const c of due) groupInto(bySponsor, `${c.workspaceId}:${c.sponsorPersonId}`, c);
  let sent = 0;
  for (const list of bySponsor.values()) {
    const first = list[0] as Checkin;
    const workspace = await deps.store.getWorkspace(first.workspaceId);
    const sponsor = await deps.store.getPerson(first.workspaceId, first.sponsorPersonId);
    if (!workspace || !sponsor) continue;
    const items = [];
    for (const c of list) {
      const initiative = await deps.store.getInitiative(c.workspaceId, c.initiativeId);
      if (initiative) items.push({ checkin: c, initiative });
    }
    // No reminders while away: an open check-in waits, and is reminded after return if still open.
    const away = await deps.sponsors.awayPeriods(workspace.id, [sponsor.id], now);
    if (currentAbsence(away, now)) continue;
    const tz = sponsor.tz ?? workspace.tz ?? deps.config.defaultTz;
    sent += await deps.checkins.markReminded(
      list.map((c) => c.id),
      now,
      {
        workspaceId: workspace.id,
        platform: workspace.platform,
        target: { kind: "user", id: sponsor.userId },
        dedupeKey: `reminder:${list.map((c) => c.id).join(",")}`,
        purpose: "reminder",
        message: checkinMessage(items, now, tz, "reminder", {
          asks: await openAskSections(deps, workspace, sponsor, now, tz),
        }),
      },
    );
  }
  return sent;
}

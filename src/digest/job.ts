import { z } from "zod";
import type { Workspace } from "../domain/types.js";
import type { CoreDeps } from "../ports/deps.js";
import { type Cadence, parseCadence } from "../schedule/cadence.js";
import { nextSlot } from "../schedule/next-slot.js";
import { buildDigest } from "./build.js";
import type { Digests } from "./load.js";
import { digestToMessage } from "./render.js";

/** The digest part of the workspace settings: `digestCron` replaces "Mondays 08:00". */
const DigestScheduleSchema = z.object({ digestCron: z.string().optional() }).loose();

const WEEK = 7 * 86_400_000;

function cadenceOf(workspace: Workspace): { cadence: Cadence; time?: string } {
  let raw: unknown = {};
  try {
    raw = JSON.parse(workspace.settings || "{}");
  } catch {
    // Unreadable settings fall back to the default schedule; the engagement settings report it.
  }
  const parsed = DigestScheduleSchema.safeParse(raw);
  const cron = parsed.success ? parsed.data.digestCron : undefined;
  if (cron) {
    try {
      return { cadence: parseCadence(cron) };
    } catch {
      // A bad cron is refused when set; an old stored one falls back to the default.
    }
  }
  return { cadence: { kind: "weekly" }, time: "08:00" };
}

/**
 * The slot found last per workspace and schedule, valid until the next one: every tick asks, and
 * walking five weeks of slots each minute was 8 of a resting tick's 11 ms (bench/tick.ts).
 */
const slotCache = new Map<string, { slot: { at: Date; periodKey: string }; until: number }>();

/** The latest digest slot at or before `now` in the workspace's zone. */
export function currentDigestSlot(
  workspace: Workspace,
  defaultTz: string,
  now: Date,
): { at: Date; periodKey: string } {
  const { cadence, time } = cadenceOf(workspace);
  const tz = workspace.tz ?? defaultTz;
  const key = JSON.stringify([workspace.id, cadence, time, tz]);
  const hit = slotCache.get(key);
  if (hit && hit.slot.at <= now && now.getTime() < hit.until) return hit.slot;
  let slot = nextSlot({ cadence, tz, after: new Date(now.getTime() - 5 * WEEK), ...(time ? { time } : {}) });
  for (;;) {
    const next = nextSlot({ cadence, tz, after: slot.at, ...(time ? { time } : {}) });
    if (next.at > now) {
      if (slotCache.size > 1_000) slotCache.clear();
      slotCache.set(key, { slot, until: next.at.getTime() });
      return slot;
    }
    slot = next;
  }
}

/**
 * Posts each PMO channel's digest once per period (the digests table's unique key), through the
 * outbox like every other proactive message. Cheap when nothing is due: one lookup per workspace.
 */
export async function postDueDigests(deps: CoreDeps, digests: Digests, now: Date): Promise<number> {
  let posted = 0;
  for (const workspace of await deps.store.listWorkspaces()) {
    const slot = currentDigestSlot(workspace, deps.config.defaultTz, now);
    const periodKey = `digest:${slot.periodKey}`;
    if (await digests.periodDone(workspace.id, periodKey)) continue;
    const channels = await digests.channels(workspace.id);
    const targets = channels.length ? channels.map((id) => ({ kind: "channel" as const, id })) : [];
    for (const target of targets) {
      const since = (await digests.lastPostedAt(workspace.id, target.id)) ?? new Date(now.getTime() - WEEK);
      const data = await digests.load(workspace.id, { now, since, channelId: target.id });
      const digest = buildDigest(data, now, data.settings);
      const saved = await digests.save(
        {
          workspaceId: workspace.id,
          channelId: target.id,
          periodKey,
          snapshot: JSON.stringify(digest.snapshot),
          at: now,
        },
        {
          workspaceId: workspace.id,
          platform: workspace.platform,
          target,
          dedupeKey: `digest:${workspace.id}:${target.id}:${periodKey}`,
          purpose: "digest",
          message: digestToMessage(digest),
        },
      );
      if (saved) posted++;
    }
    // Without a PMO channel there is nowhere to post; the period stays open until one is set.
    if (targets.length === 0) continue;
    await digests.markPeriodDone(workspace.id, periodKey, now);
  }
  return posted;
}

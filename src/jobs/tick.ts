import { escalate } from "../checkins/escalate.js";
import { planDueCheckins, sendReminders } from "../checkins/plan.js";
import type { CoreDeps } from "../core/deps.js";
import { type DeliveryOptions, type DeliveryReport, deliverPending } from "../delivery/deliver.js";

export interface TickReport {
  checkins: number;
  reminders: number;
  missed: number;
  escalations: number;
  digests: number;
  delivery: DeliveryReport;
}

/** Extra jobs run on each tick (the digest), contributed by other modules. */
export type TickJob = (deps: CoreDeps, now: Date) => Promise<number>;

export interface TickOptions extends DeliveryOptions {
  digest?: TickJob;
}

/**
 * Everything due as of `now`, once: close missed windows, escalate, prompt, remind, digest, then
 * deliver. Safe to run twice or concurrently: every step is keyed in the database.
 */
export async function tick(deps: CoreDeps, now: Date, options: TickOptions = {}): Promise<TickReport> {
  const missed = await deps.checkins.closeMissed(now);
  let escalations = 0;
  const touched = new Map<string, Set<number>>();
  for (const c of missed)
    touched.set(c.workspaceId, (touched.get(c.workspaceId) ?? new Set()).add(c.initiativeId));
  for (const [workspaceId, ids] of touched) {
    const workspace = await deps.store.getWorkspace(workspaceId);
    if (!workspace) continue;
    const initiatives = [];
    for (const id of ids) {
      const i = await deps.store.getInitiative(workspaceId, id);
      if (i) initiatives.push(i);
    }
    escalations += await escalate(deps, workspace, initiatives, now);
  }
  escalations += await dailySweep(deps, now);
  const checkins = await planDueCheckins(deps, now);
  const reminders = await sendReminders(deps, now);
  const digests = options.digest ? await options.digest(deps, now) : 0;
  const delivery = await deliverPending(deps, now, options);
  return { checkins, reminders, missed: missed.length, escalations, digests, delivery };
}

/** Day of the last sweep, per core (a process may host several in tests). */
const lastSweep = new WeakMap<CoreDeps, string>();

/**
 * Once a day every active initiative is re-evaluated, for states that move without a check-in
 * event (an initiative without a sponsor). The escalation keys make a repeated sweep harmless.
 */
async function dailySweep(deps: CoreDeps, now: Date): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  if (lastSweep.get(deps) === day) return 0;
  lastSweep.set(deps, day);
  let taken = 0;
  for (const workspace of await deps.store.listWorkspaces()) {
    taken += await escalate(deps, workspace, await deps.store.listInitiatives(workspace.id), now);
  }
  return taken;
}

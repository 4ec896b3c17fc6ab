import { escalate } from "../checkins/escalate.js";
import { planDueCheckins, sendReminders } from "../checkins/plan.js";
import { type DeliveryOptions, type DeliveryReport, deliverPending } from "../delivery/deliver.js";
import type { CoreDeps } from "../ports/deps.js";

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
  // Delivery runs alongside the rest: with 10,000 sponsors due at once, planning takes seconds that
  // the rate-limited sends would otherwise wait out (the repositories give the event loop turns).
  const producing = new Producing();
  const delivering = deliverWhile(deps, now, options, producing);
  // Its failure is reported by the await below; until then it must not count as unhandled.
  delivering.catch(() => undefined);
  try {
    escalations += await dailySweep(deps, now);
    const checkins = await planDueCheckins(deps, now);
    const reminders = await sendReminders(deps, now);
    const digests = options.digest ? await options.digest(deps, now) : 0;
    producing.end();
    const delivery = await delivering;
    return { checkins, reminders, missed: missed.length, escalations, digests, delivery };
  } finally {
    producing.end();
    await delivering.catch(() => undefined);
  }
}

/** Whether the tick is still producing messages; `pause` waits a little, or until it stops. */
class Producing {
  active = true;
  private wake: (() => void) | undefined;

  end(): void {
    this.active = false;
    this.wake?.();
  }

  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Delivers what is pending while the tick produces, then once more for the last of it. */
async function deliverWhile(
  deps: CoreDeps,
  now: Date,
  options: DeliveryOptions,
  producing: Producing,
): Promise<DeliveryReport> {
  const total: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  const add = (r: DeliveryReport) => {
    total.sent += r.sent;
    total.retried += r.retried;
    total.failed += r.failed;
  };
  while (producing.active) {
    add(await deliverPending(deps, now, options));
    if (producing.active) await producing.pause(50);
  }
  add(await deliverPending(deps, now, options));
  return total;
}

/** Initiatives escalated per slice of the daily sweep (each slice is its own few milliseconds). */
const SWEEP_SLICE = 200;

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
    const all = await deps.store.listInitiatives(workspace.id);
    // In slices, with a turn for the event loop between them: in one piece the sweep of 15,000
    // initiatives held HTTP (Slack's 3-second acks, /healthz) for seconds.
    for (let i = 0; i < all.length; i += SWEEP_SLICE) {
      taken += await escalate(deps, workspace, all.slice(i, i + SWEEP_SLICE), now);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return taken;
}

import { escalate } from "../checkins/escalate.js";
import { planDueCheckins, sendReminders } from "../checkins/plan.js";
import { type DeliveryOptions, type DeliveryReport, deliverPending } from "../delivery/deliver.js";
import type { CoreDeps } from "../ports/deps.js";
import { dailySweep, type SweepOptions } from "./daily-sweep.js";

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
  sweep?: SweepOptions;
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
    escalations += await dailySweep(deps, now, options.sweep);
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

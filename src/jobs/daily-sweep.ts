/**
 * Once a day every active initiative is re-evaluated, for states that move without a check-in event
 * (an initiative without a sponsor, a silence growing into a lapse). The escalation keys make a
 * repeated sweep harmless.
 *
 * The sweep shares the event loop with HTTP: Slack wants a slash command acked within 3 seconds and
 * /healthz answers the load balancer. On SQLite every store call is synchronous, so the sweep works in
 * slices of about `sliceMs` and gives the loop a turn after each; a slice's size follows how long the
 * last one took, so a slow machine or a busy portfolio gets smaller slices, not longer pauses.
 */
import { escalate } from "../checkins/escalate.js";
import type { Initiative } from "../domain/types.js";
import type { CoreDeps } from "../ports/deps.js";

export interface SweepOptions {
  /** Wall time of one slice before the event loop gets a turn. */
  sliceMs?: number;
}

export const SWEEP_SLICE_MS = 10;
/** Bounds of a slice (initiatives): each slice costs a few queries, whatever its size. */
const MIN_SLICE = 10;
const MAX_SLICE = 1_000;
const FIRST_SLICE = 50;

/** Day of the last sweep, per core (a process may host several in tests). */
const lastSweep = new WeakMap<CoreDeps, string>();

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The sweep, if today's has not run yet in this process; resolves to the escalation steps taken. */
export async function dailySweep(deps: CoreDeps, now: Date, options: SweepOptions = {}): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  if (lastSweep.get(deps) === day) return 0;
  lastSweep.set(deps, day);
  const sliceMs = options.sliceMs ?? SWEEP_SLICE_MS;
  let size = FIRST_SLICE;
  let taken = 0;
  for (const workspace of await deps.store.listWorkspaces()) {
    // Ids only (the cached name list): loading 15,000 initiatives with their roles in one piece held
    // the loop for half a second; each slice loads its own.
    const ids = await initiativeIds(deps, workspace.id);
    for (let at = 0; at < ids.length; ) {
      const started = performance.now();
      const slice = ids.slice(at, at + size);
      taken += await escalate(deps, workspace, await inOrder(deps, workspace.id, slice), now);
      at += slice.length;
      size = nextSize(size, performance.now() - started, sliceMs);
      await turn();
    }
  }
  return taken;
}

async function initiativeIds(deps: CoreDeps, workspaceId: string): Promise<number[]> {
  const names =
    (await deps.store.initiativeNames?.(workspaceId)) ?? (await deps.store.listInitiatives(workspaceId));
  return names.map((n) => n.id);
}

/** The initiatives of `ids`, in that order (the portfolio's), so escalations are written in it. */
async function inOrder(deps: CoreDeps, workspaceId: string, ids: number[]): Promise<Initiative[]> {
  const byId = new Map((await deps.store.getInitiatives(workspaceId, ids)).map((i) => [i.id, i]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Scales the slice toward `sliceMs`, at most doubling or halving at once (one slow slice is noise). */
function nextSize(size: number, tookMs: number, sliceMs: number): number {
  const factor = tookMs <= 0 ? 2 : Math.min(2, Math.max(0.5, sliceMs / tookMs));
  return Math.min(MAX_SLICE, Math.max(MIN_SLICE, Math.round(size * factor)));
}

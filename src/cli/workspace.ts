/**
 * Which workspace a reporting verb (digest, export) reads, and what it says when the database holds
 * nothing yet: a newcomer's first command answers with an empty report, not an error.
 */
import { DAY } from "../core/clock.js";
import { PulseError } from "../core/errors.js";
import { buildDigest } from "../digest/build.js";
import type { Digest } from "../digest/model.js";
import type { PortfolioStore } from "../ports/portfolio-store.js";

/** The terminal's workspace, and the default when the database holds no other. */
export const LOCAL_WORKSPACE = "local";

export const NOTHING_YET =
  "Nothing here yet: add initiatives with `sponsor-pulse import <file.csv>`, or chat with `sponsor-pulse start`.";

export interface ChosenWorkspace {
  id: string;
  /** False on a database without workspaces yet: the verb reports an empty portfolio. */
  exists: boolean;
}

/**
 * `requested`, else the only workspace, else `local`. A workspace that is not there is an error naming
 * those that are, unless there are none at all (a fresh database).
 */
export async function chooseWorkspace(
  store: Pick<PortfolioStore, "listWorkspaces">,
  requested?: string,
): Promise<ChosenWorkspace> {
  const all = await store.listWorkspaces();
  const ids = all.map((w) => w.id);
  const id = requested ?? (all.length === 1 && all[0] ? all[0].id : LOCAL_WORKSPACE);
  if (ids.includes(id)) return { id, exists: true };
  if (all.length === 0) return { id, exists: false };
  throw new PulseError(
    "not_found",
    requested === undefined
      ? `This database holds ${all.length} workspaces; say which with --workspace <id>.`
      : `There is no workspace "${id}".`,
    [`Workspaces here: ${ids.join(", ")}`],
  );
}

/** The digest of a workspace without initiatives: the week ending `now`, every count zero. */
export function emptyDigest(now: Date, timeZone: string): Digest {
  const input = {
    workspaceName: "",
    periodStart: new Date(now.getTime() - 7 * DAY),
    periodEnd: now,
    initiatives: [],
    events: { stageMoves: [], stateChanges: [], added: [], closed: [] },
    openEscalations: [],
    checkins: [],
    notes: [],
    previousSnapshot: null,
  };
  return buildDigest(input, now, { timeZone });
}

/**
 * Reads what the weekly PMO digest needs for one workspace (and one PMO channel) in a handful of
 * set-based queries — never one per initiative — so it stays fast at 5,000 initiatives and 500,000
 * check-ins. The core assembles the rows (src/digest/assemble.ts) and builds the digest.
 */
import { inArray, sql } from "drizzle-orm";
import { PulseError } from "../../src/core/errors.js";
import { assembleDigestInput, type DigestData } from "../../src/digest/assemble.js";
import {
  type DigestFacts,
  type InitiativeFact,
  type RoleFact,
  sponsorScope,
} from "../../src/digest/facts.js";
import { type DigestSnapshot, parseSnapshot } from "../../src/digest/model.js";
import type { DigestLoadOptions } from "../../src/digest/store.js";
import { isStage } from "../../src/domain/stages.js";
import type { Db } from "../client.js";
import { checkins, people } from "../schema.js";
import { chunks, loadDigestCheckins } from "./digest-checkins.js";
import { digestQueries, parseRows, type ScopeParams } from "./digest-queries.js";

export type DigestDataOptions = DigestLoadOptions;

/** Rows of the initiatives and roles queries (digest-queries.ts), in their column order. */
type InitiativeRow = [
  id: number,
  slug: string,
  name: string,
  stage: InitiativeFact["stage"],
  status: InitiativeFact["status"],
  statusReason: string | null,
  cadence: string,
  stageEnteredAt: number,
  createdAt: number,
  updatedAt: number,
];
type RoleRow = [
  initiativeId: number,
  role: RoleFact["role"],
  personId: number,
  name: string,
  tz: string | null,
  since: number,
];

const date = (ms: number) => new Date(ms);
const maybeDate = (ms: number | null) => (ms === null ? null : new Date(ms));

export async function loadDigestData(
  db: Db,
  workspaceId: string,
  options: DigestDataOptions,
): Promise<DigestData> {
  const q = digestQueries(db);
  const now = options.now.getTime();
  const since = options.since.getTime();
  const ws = q.workspace.get({ workspaceId });
  if (!ws) throw new PulseError("not_found", `There is no workspace "${workspaceId}".`);

  // In scope: this channel's initiatives (the default channel also has those without one) that are
  // open, or closed during the period.
  const channelId = options.channelId ?? null;
  const params: ScopeParams = {
    workspaceId: ws.id,
    channelId,
    orDefault: channelId !== null && channelId === ws.defaultChannel ? 1 : 0,
    since,
    now,
  };

  // One JSON array each, not 15,000 rows built one by one (digest-queries.ts).
  const initiativeFacts = parseRows(q.initiatives.get(params)?.rows, (row: InitiativeRow): InitiativeFact => {
    const [id, slug, name, stage, status, statusReason, cadence, stageEnteredAt, createdAt, updatedAt] = row;
    return {
      id,
      slug,
      name,
      stage,
      status,
      statusReason,
      cadence,
      stageEnteredAt: date(stageEnteredAt),
      createdAt: date(createdAt),
      updatedAt: date(updatedAt),
    };
  });
  const roleFacts = parseRows(q.roles.get(params)?.rows, (row: RoleRow): RoleFact => {
    const [initiativeId, role, personId, name, tz, since] = row;
    return { initiativeId, role, personId, name, tz, since: date(since) };
  });
  const moveRows = q.moves.all(params);
  // The bot's time away and overdue asks, so the engagement below is derived once, with them.
  const sponsors = await options.sponsorFacts?.(sponsorScope(initiativeFacts, roleFacts));
  const checkinFacts = loadDigestCheckins(db, params, {
    now: options.now,
    since: options.since,
    initiatives: initiativeFacts,
    roles: roleFacts,
  });

  // Who answered: the current sponsors and leads are known by name already; look up the others only
  // (delegates, former sponsors), a handful of people instead of one per check-in. And which
  // initiatives have an answer in the window: only the others need their older last answer.
  const nameOf = new Map(roleFacts.map((r) => [r.personId, r.name] as const));
  const others = new Set<number>();
  const answered = new Set<number>();
  for (const c of checkinFacts) {
    if (c.status === "answered") answered.add(c.initiativeId);
    if (c.answeredByPersonId !== null && !nameOf.has(c.answeredByPersonId)) others.add(c.answeredByPersonId);
  }
  for (const ids of chunks([...others]))
    for (const p of db
      .select({ id: people.id, name: people.displayName })
      .from(people)
      .where(inArray(people.id, ids))
      .all())
      nameOf.set(p.id, p.name);
  const silent = initiativeFacts.filter((i) => i.status !== "closed" && !answered.has(i.id)).map((i) => i.id);
  // The answered filter sits inside the aggregate so SQLite walks the (initiative_id, due_at) index
  // for just these initiatives instead of every answered check-in of the workspace.
  const lastAnswered = sql<
    number | null
  >`max(case when ${checkins.status} = 'answered' and ${checkins.answeredAt} < ${now} then ${checkins.answeredAt} end)`;
  const lastAnswers = chunks(silent).flatMap((ids) =>
    db
      .select({ initiativeId: checkins.initiativeId, answeredAt: lastAnswered })
      .from(checkins)
      .where(inArray(checkins.initiativeId, ids))
      .groupBy(checkins.initiativeId)
      .all(),
  );

  const escalationRows = q.escalations.all(params);

  // The latest valid snapshot per channel before now (an unfilled "{}" row is skipped).
  const previous = new Map<string, DigestSnapshot>();
  for (const row of q.digests.all({ workspaceId: ws.id, channelId, now })) {
    if (previous.has(row.channelId)) continue;
    const snapshot = parseSnapshot(row.snapshot);
    if (snapshot) previous.set(row.channelId, snapshot);
  }

  for (const c of checkinFacts)
    if (c.answeredByPersonId !== null) c.answeredBy = nameOf.get(c.answeredByPersonId) ?? null;

  const facts: DigestFacts = {
    workspace: { name: ws.name, tz: ws.tz, settings: ws.settings },
    initiatives: initiativeFacts,
    roles: roleFacts,
    // stage_history stores stage keys as text; a row that is not a stage any more is left out.
    stageMoves: moveRows.flatMap((m) =>
      isStage(m.to)
        ? [{ ...m, to: m.to, from: m.from && isStage(m.from) ? m.from : null, at: date(m.at) }]
        : [],
    ),
    checkins: checkinFacts,
    lastAnswers: lastAnswers.flatMap((a) =>
      a.answeredAt === null ? [] : [{ initiativeId: a.initiativeId, answeredAt: date(a.answeredAt) }],
    ),
    escalations: escalationRows.map((e) => ({
      ...e,
      createdAt: date(e.createdAt),
      ackedAt: maybeDate(e.ackedAt),
      snoozedUntil: maybeDate(e.snoozedUntil),
      resolvedAt: maybeDate(e.resolvedAt),
    })),
    previousSnapshots: [...previous.values()],
    ...(sponsors ? { sponsors } : {}),
  };
  return assembleDigestInput(facts, { now: options.now, since: options.since });
}

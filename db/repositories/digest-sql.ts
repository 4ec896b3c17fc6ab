/**
 * The digest's reads, written once for both databases: what the weekly PMO digest needs for one
 * workspace (and one PMO channel) in a handful of set-based queries — never one per initiative — so it
 * stays fast at 5,000 initiatives and 500,000 check-ins. Plain rows: the core reads what they mean
 * (src/digest/load.ts) and assembles the digest.
 *
 * The one dialect difference sits in the Dialect (db/executor.ts: arrayRows, bulkRows): how rows come back (SQLite returns the big
 * reads as one JSON array, PostgreSQL as rows). The SQL text is the same; drizzle's `sql` renders the
 * placeholders of each.
 */
import { type SQL, sql } from "drizzle-orm";
import { PulseError } from "../../src/core/errors.js";
import type {
  CheckinRowFact,
  DigestRows,
  EscalationFact,
  InitiativeFact,
  RoleFact,
} from "../../src/digest/facts.js";
import type { DigestReads } from "../../src/digest/store.js";
import type { Dialect } from "../executor.js";
import { idList } from "../query.js";

/** How one database returns the digest's rows: the executor's Dialect members for it. */
export type DigestDialect = Pick<Dialect, "arrayRows" | "bulkRows">;

/** Bound parameters per list: SQLite's default limit is far above it; it keeps PostgreSQL happy too. */
const CHUNK = 900;

export function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const columns = (names: string) => names.split(", ").map((c) => sql.raw(c));

/** Status and choice as small numbers: better-sqlite3 makes a new string per value, 70,000 a digest. */
const STATUS_CODES = ["open", "answered", "missed", "cancelled"] as const;
const CHOICE_CODES = ["active", "limited", "handover"] as const;
const code = (column: string, values: readonly string[]) =>
  sql.raw(`case ${column} ${values.map((v, i) => `when '${v}' then ${i}`).join(" ")} end`);

/** The check-in columns the digest reads, in {@link CheckinRow}'s order (`note` as null: not read). */
const checkinColumns = (note: "c.note" | "null") => [
  ...columns("c.initiative_id, c.sponsor_person_id, c.due_at"),
  code("c.status", STATUS_CODES),
  code("c.choice", CHOICE_CODES),
  ...columns(`c.confidence, ${note}, c.answered_at, c.answered_by_person_id`),
];

type CheckinRow = [
  initiativeId: number,
  sponsorPersonId: number,
  dueAt: number,
  status: number,
  choice: number | null,
  confidence: number | null,
  note: string | null,
  answeredAt: number | null,
  answeredByPersonId: number | null,
];

/**
 * `answeredBy` is left for the core, once every answerer's name is known. Check-ins due at the same
 * instant share one Date (read only): a few dozen due times for 40,000 rows.
 */
function toCheckin(row: CheckinRow, dates: Map<number, Date>): CheckinRowFact {
  const [initiativeId, sponsorPersonId, dueAt, status, choice, confidence, note, answeredAt, answeredBy] =
    row;
  let due = dates.get(dueAt);
  if (!due) {
    due = new Date(dueAt);
    dates.set(dueAt, due);
  }
  return {
    initiativeId,
    sponsorPersonId,
    dueAt: due,
    status: STATUS_CODES[status] ?? "cancelled",
    choice: choice === null ? null : (CHOICE_CODES[choice] ?? null),
    confidence,
    note,
    answeredAt: answeredAt === null ? null : new Date(answeredAt),
    answeredByPersonId: answeredBy,
    answeredBy: null,
    delegated: answeredBy !== null && answeredBy !== sponsorPersonId,
  };
}

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

interface Scope {
  workspaceId: string;
  /** null: every channel. */
  channelId: string | null;
  /** 1 when that channel is the workspace default, which also takes initiatives without one. */
  orDefault: 0 | 1;
  since: number;
  now: number;
  /** The portfolio's weeks only: open initiatives, check-ins without notes, no events (DigestLoadOptions). */
  weeksOnly: boolean;
}

/** Open initiatives (`i`) of the workspace (or one PMO channel), and (but for the weeks) those closed since the period start. */
const live = (s: Scope): SQL =>
  sql`i.workspace_id = ${s.workspaceId}
    and (cast(${s.channelId} as text) is null or i.pmo_channel = ${s.channelId} or (${s.orDefault} = 1 and i.pmo_channel is null))
    and (i.status <> 'closed' or ${s.weeksOnly ? sql`0 = 1` : sql`i.updated_at >= ${s.since}`})`;

async function portfolio(
  d: DigestDialect,
  s: Scope,
  checkinsFrom: number,
): Promise<Omit<DigestRows, "workspace">> {
  const initiatives = await d.bulkRows(
    columns(
      "i.id, i.slug, i.name, i.stage, i.status, i.status_reason, i.cadence, i.stage_entered_at, i.created_at, i.updated_at",
    ),
    sql`from initiatives i where ${live(s)}`,
    (row: InitiativeRow): InitiativeFact => {
      const [id, slug, name, stage, status, statusReason, cadence, stageEnteredAt, createdAt, updatedAt] =
        row;
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
    },
  );
  const roles = await d.bulkRows(
    columns("r.initiative_id, r.role, p.id, p.display_name, p.tz, r.since"),
    sql`from initiative_roles r inner join initiatives i on i.id = r.initiative_id
      inner join people p on p.id = r.person_id where ${live(s)} and i.status <> 'closed'`,
    (row: RoleRow): RoleFact => {
      const [initiativeId, role, personId, name, tz, since] = row;
      return { initiativeId, role, personId, name, tz, since: date(since) };
    },
    sql.raw("r.since, p.display_name"),
  );
  const moves = s.weeksOnly
    ? []
    : await d.arrayRows(
        sql`select h.initiative_id, h.from_stage, h.to_stage, p.display_name, h.note, h.forced_reason, h.at
      from stage_history h inner join initiatives i on i.id = h.initiative_id
      left join people p on p.id = h.by_person_id
      where ${live(s)} and h.at >= ${s.since} and h.at < ${s.now}`,
      );
  const dates = new Map<number, Date>();
  const checkins = await d.bulkRows(
    checkinColumns(s.weeksOnly ? "null" : "c.note"),
    sql`from checkins c inner join initiatives i on i.id = c.initiative_id
      where c.workspace_id = ${s.workspaceId} and c.due_at >= ${checkinsFrom} and c.due_at < ${s.now} and ${live(s)}`,
    (row: CheckinRow) => toCheckin(row, dates),
  );
  if (s.weeksOnly) return { initiatives, roles, stageMoves: [], checkins, escalations: [], snapshots: [] };
  const escalations = await d.arrayRows(
    sql`select e.initiative_id, e.level, e.created_at, e.acked_at, e.snoozed_until, e.resolved_at
      from escalations e inner join initiatives i on i.id = e.initiative_id
      where e.workspace_id = ${s.workspaceId} and ${live(s)} and e.created_at < ${s.now}
        and (e.resolved_at is null or e.resolved_at >= ${s.since})`,
  );
  const snapshots = await d.arrayRows(
    sql`select channel_id, snapshot from digests
      where workspace_id = ${s.workspaceId} and created_at < ${s.now}
        and (cast(${s.channelId} as text) is null or channel_id = ${s.channelId})
      order by created_at desc, id desc`,
  );
  return {
    initiatives,
    roles,
    stageMoves: moves.map(([initiativeId, from, to, by, note, forcedReason, at]) => ({
      initiativeId: initiativeId as number,
      from: from as string | null,
      to: to as string,
      by: by as string | null,
      note: note as string | null,
      forcedReason: forcedReason as string | null,
      at: date(at as number),
    })),
    checkins,
    escalations: escalations.map(
      ([initiativeId, level, createdAt, ackedAt, snoozedUntil, resolvedAt]): EscalationFact => ({
        initiativeId: initiativeId as number,
        level: level as EscalationFact["level"],
        createdAt: date(createdAt as number),
        ackedAt: maybeDate(ackedAt as number | null),
        snoozedUntil: maybeDate(snoozedUntil as number | null),
        resolvedAt: maybeDate(resolvedAt as number | null),
      }),
    ),
    snapshots: snapshots.map(([channelId, snapshot]) => ({
      channelId: channelId as string,
      snapshot: snapshot as string,
    })),
  };
}

/** The digest's reads over one database (each store adds who cannot receive check-ins to `load`). */
export function digestReadsOver(d: DigestDialect): DigestReads {
  return {
    async load(workspaceId, options) {
      const [ws] = await d.arrayRows(
        sql`select id, name, tz, settings, default_channel from workspaces where id = ${workspaceId}`,
      );
      if (!ws) throw new PulseError("not_found", `There is no workspace "${workspaceId}".`);
      const [id, name, tz, settings, defaultChannel] = ws as [
        string,
        string | null,
        string | null,
        string,
        string | null,
      ];
      // In scope: this channel's initiatives (the default channel also has those without one) that are
      // open, or closed during the period.
      const channelId = options.channelId ?? null;
      const since = options.since.getTime();
      const scope: Scope = {
        workspaceId: id,
        channelId,
        orDefault: channelId !== null && channelId === defaultChannel ? 1 : 0,
        since,
        now: options.now.getTime(),
        weeksOnly: options.weeksOnly === true,
      };
      const rows = await portfolio(d, scope, options.checkinsFrom?.getTime() ?? since);
      return { workspace: { name, tz, settings }, ...rows };
    },

    async answersKnown(workspaceId, range) {
      const rows = await d.arrayRows(
        sql`select initiative_id, max(coalesce(answered_at, due_at)) from checkins
          where workspace_id = ${workspaceId} and due_at >= ${range.dueFrom.getTime()} and due_at < ${range.dueTo.getTime()}
            and status = 'answered'
            and coalesce(answered_at, due_at) between ${range.knownFrom.getTime()} and ${range.knownTo.getTime()}
          group by initiative_id`,
      );
      return rows.map(([initiativeId, at]) => ({
        initiativeId: initiativeId as number,
        at: date(at as number),
      }));
    },

    async checkinsOf(workspaceId, initiativeIds, due) {
      const dates = new Map<number, Date>();
      const out: CheckinRowFact[] = [];
      for (const ids of chunks(initiativeIds)) {
        const rows = await d.bulkRows(
          checkinColumns("c.note"),
          sql`from checkins c where c.workspace_id = ${workspaceId} and c.initiative_id in (${idList(ids)})
            and c.due_at >= ${due.from.getTime()} and c.due_at < ${due.to.getTime()}`,
          (row: CheckinRow) => toCheckin(row, dates),
        );
        for (const r of rows) out.push(r);
      }
      return out;
    },

    async lastAnswers(_workspaceId, initiativeIds, before) {
      const out: { initiativeId: number; answeredAt: Date }[] = [];
      for (const ids of chunks(initiativeIds)) {
        // The answered filter sits inside the aggregate so SQLite walks the (initiative_id, due_at)
        // index for just these initiatives instead of every answered check-in of the workspace.
        const rows = await d.arrayRows(
          sql`select initiative_id, max(case when status = 'answered' and answered_at < ${before.getTime()} then answered_at end)
            from checkins where initiative_id in (${idList(ids)}) group by initiative_id`,
        );
        for (const [initiativeId, at] of rows)
          if (at !== null) out.push({ initiativeId: initiativeId as number, answeredAt: date(at as number) });
      }
      return out;
    },

    async names(workspaceId, personIds) {
      const out: { id: number; name: string }[] = [];
      for (const ids of chunks(personIds)) {
        const rows = await d.arrayRows(
          sql`select id, display_name from people where workspace_id = ${workspaceId} and id in (${idList(ids)})`,
        );
        for (const [id, name] of rows) out.push({ id: id as number, name: name as string });
      }
      return out;
    },
  };
}

/**
 * The PostgreSQL schema: db/schema.ts column for column (same table, column and index names, same
 * JS keys, so rows copy across and the port implementations read alike). Times are bigint
 * milliseconds since the epoch (UTC), read as JS numbers. Only additions: the replicas' leases
 * (initiatives.plan_lease_until, outbox.lease_until).
 */
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";

export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey(),
  platform: text("platform", { enum: ["slack", "teams", "shell"] }).notNull(),
  name: text("name"),
  defaultChannel: text("default_channel"),
  tz: text("tz"),
  /** JSON of workspace settings (thresholds, digest cron…), validated by the core with zod. */
  settings: text("settings").notNull().default("{}"),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});

export const people = pgTable(
  "people",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    /** The platform's user id (Slack U…, AAD object id, shell name). */
    userId: text("user_id").notNull(),
    displayName: text("display_name").notNull(),
    tz: text("tz"),
    country: text("country"),
    isBot: boolean("is_bot").notNull().default(false),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("people_ws_user").on(t.workspaceId, t.userId)],
);

export const pmoAdmins = pgTable(
  "pmo_admins",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    addedAt: bigint("added_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.personId] })],
);

export const initiatives = pgTable(
  "initiatives",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    /** Lower-cased name, for the one-name-per-workspace rule. */
    nameKey: text("name_key").notNull(),
    stage: text("stage", { enum: ["strategy", "poc", "architecture", "scaling", "operational"] }).notNull(),
    status: text("status", { enum: ["active", "paused", "closed"] })
      .notNull()
      .default("active"),
    statusReason: text("status_reason"),
    cadence: text("cadence").notNull().default("weekly"),
    pmoChannel: text("pmo_channel"),
    successMetric: text("success_metric"),
    dataReadiness: text("data_readiness"),
    stageEnteredAt: bigint("stage_entered_at", { mode: "number" }).notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
    /** When the next check-in is due (null: none scheduled, e.g. paused or no sponsor). */
    nextCheckinAt: bigint("next_checkin_at", { mode: "number" }),
    /** Period key of that slot (kept, because a holiday may have moved the slot off its day). */
    nextPeriodKey: text("next_period_key"),
    /** While a replica plans this slot: its lease; once past, another replica may plan it. */
    planLeaseUntil: bigint("plan_lease_until", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("initiatives_ws_slug").on(t.workspaceId, t.slug),
    uniqueIndex("initiatives_ws_name").on(t.workspaceId, t.nameKey),
    index("initiatives_next_checkin").on(t.nextCheckinAt),
  ],
);

export const initiativeRoles = pgTable(
  "initiative_roles",
  {
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    role: text("role", { enum: ["sponsor", "lead"] }).notNull(),
    since: bigint("since", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.role, t.personId] }),
    index("initiative_roles_person").on(t.personId),
  ],
);

export const stageHistory = pgTable(
  "stage_history",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id),
    fromStage: text("from_stage"),
    toStage: text("to_stage").notNull(),
    byPersonId: integer("by_person_id").references(() => people.id),
    note: text("note"),
    forcedReason: text("forced_reason"),
    platform: text("platform").notNull(),
    at: bigint("at", { mode: "number" }).notNull(),
  },
  (t) => [index("stage_history_initiative").on(t.initiativeId, t.at)],
);

/** Append-only: rows are inserted, never updated or deleted. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    at: bigint("at", { mode: "number" }).notNull(),
    actorPersonId: integer("actor_person_id").references(() => people.id),
    /** Display name at the time, or "system"/"cli". */
    actorLabel: text("actor_label").notNull(),
    platform: text("platform").notNull(),
    action: text("action").notNull(),
    initiativeId: integer("initiative_id").references(() => initiatives.id),
    details: text("details").notNull().default("{}"),
  },
  (t) => [index("audit_ws_at").on(t.workspaceId, t.at)],
);

export const checkins = pgTable(
  "checkins",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id),
    sponsorPersonId: integer("sponsor_person_id")
      .notNull()
      .references(() => people.id),
    /** The schedule slot this check-in belongs to; unique per initiative so a slot is sent once. */
    periodKey: text("period_key").notNull(),
    dueAt: bigint("due_at", { mode: "number" }).notNull(),
    windowClosesAt: bigint("window_closes_at", { mode: "number" }).notNull(),
    remindAt: bigint("remind_at", { mode: "number" }),
    remindedAt: bigint("reminded_at", { mode: "number" }),
    status: text("status", { enum: ["open", "answered", "missed", "cancelled"] })
      .notNull()
      .default("open"),
    choice: text("choice", { enum: ["active", "limited", "handover"] }),
    confidence: integer("confidence"),
    note: text("note"),
    answeredAt: bigint("answered_at", { mode: "number" }),
    answeredByPersonId: integer("answered_by_person_id").references(() => people.id),
    latencySeconds: integer("latency_seconds"),
    /** Outbox row that carries the prompt (one message may cover several check-ins). */
    outboxId: integer("outbox_id"),
  },
  (t) => [
    uniqueIndex("checkins_initiative_period").on(t.initiativeId, t.periodKey),
    index("checkins_status_window").on(t.status, t.windowClosesAt),
    index("checkins_status_remind").on(t.status, t.remindAt),
    index("checkins_initiative_due").on(t.initiativeId, t.dueAt),
    index("checkins_ws_due").on(t.workspaceId, t.dueAt),
  ],
);

/** Every answer version, so an edited answer keeps its history. */
export const checkinAnswers = pgTable(
  "checkin_answers",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    checkinId: integer("checkin_id")
      .notNull()
      .references(() => checkins.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    choice: text("choice").notNull(),
    confidence: integer("confidence"),
    note: text("note"),
    platform: text("platform").notNull(),
    at: bigint("at", { mode: "number" }).notNull(),
  },
  (t) => [index("checkin_answers_checkin").on(t.checkinId)],
);

/** One row per escalation step per episode; the unique key is what makes each step happen once. */
export const escalations = pgTable(
  "escalations",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id),
    /** Start of the disengagement episode (time of the first negative event). */
    episode: bigint("episode", { mode: "number" }).notNull(),
    level: text("level", { enum: ["cooling", "lapsing", "lapsed", "unsponsored"] }).notNull(),
    reasons: text("reasons").notNull().default("[]"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    ackedAt: bigint("acked_at", { mode: "number" }),
    ackedByPersonId: integer("acked_by_person_id").references(() => people.id),
    snoozedUntil: bigint("snoozed_until", { mode: "number" }),
    resolvedAt: bigint("resolved_at", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("escalations_step").on(t.initiativeId, t.episode, t.level),
    index("escalations_ws_open").on(t.workspaceId, t.resolvedAt),
  ],
);

/**
 * Everything the bot sends proactively goes through here: written in the same transaction as the
 * state that caused it, delivered after. `dedupeKey` is unique, so nothing is enqueued twice.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    platform: text("platform").notNull(),
    targetKind: text("target_kind", { enum: ["user", "channel"] }).notNull(),
    targetId: text("target_id").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    purpose: text("purpose").notNull(),
    /** JSON of the core's Message. */
    payload: text("payload").notNull(),
    status: text("status", { enum: ["pending", "sending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: bigint("next_attempt_at", { mode: "number" }).notNull(),
    lastError: text("last_error"),
    messageRef: text("message_ref"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    sentAt: bigint("sent_at", { mode: "number" }),
    /** While `sending`: the claiming replica's lease; once past, another replica may take the row over. */
    leaseUntil: bigint("lease_until", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("outbox_dedupe").on(t.dedupeKey),
    index("outbox_status_next").on(t.status, t.nextAttemptAt),
  ],
);

/** One digest per PMO channel per period; the unique key makes posting exactly-once. */
export const digests = pgTable(
  "digests",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    channelId: text("channel_id").notNull(),
    periodKey: text("period_key").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    /** JSON of the counts, so next week's digest can show the change. */
    snapshot: text("snapshot").notNull().default("{}"),
    outboxId: integer("outbox_id"),
  },
  (t) => [uniqueIndex("digests_period").on(t.workspaceId, t.channelId, t.periodKey)],
);

/** Teams: stored conversation references for proactive messages (person or channel). */
export const conversationRefs = pgTable(
  "conversation_refs",
  {
    workspaceId: text("workspace_id").notNull(),
    targetKind: text("target_kind", { enum: ["user", "channel"] }).notNull(),
    targetId: text("target_id").notNull(),
    reference: text("reference").notNull(),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.targetKind, t.targetId] })],
);

/** Scheduler bookkeeping (e.g. last digest slot seen), keyed by job name. */
export const jobState = pgTable("job_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: bigint("updated_at", { mode: "number" }).notNull().default(sql`0`),
});

/** Time away (issue 11): half-open [from, until); `/pulse back` moves `until` to the moment of return. */
export const awayPeriods = pgTable(
  "away_periods",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    fromAt: bigint("from_at", { mode: "number" }).notNull(),
    untilAt: bigint("until_at", { mode: "number" }).notNull(),
    note: text("note"),
    createdByPersonId: integer("created_by_person_id").references(() => people.id),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("away_person_until").on(t.workspaceId, t.personId, t.untilAt)],
);

/** A sponsor's delegate (chief of staff): gets a copy of each check-in and may answer it. */
export const delegates = pgTable(
  "delegates",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    delegatePersonId: integer("delegate_person_id")
      .notNull()
      .references(() => people.id),
    since: bigint("since", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.personId] }),
    index("delegates_delegate").on(t.workspaceId, t.delegatePersonId),
  ],
);

/** Workspace holidays; `country` is "" for the workspace's own, else the ISO code they were imported for. */
export const holidays = pgTable(
  "holidays",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    date: text("date").notNull(),
    country: text("country").notNull().default(""),
    name: text("name"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.date, t.country] })],
);

/** A decision or help a team needs from its sponsor (`/ask`). */
export const asks = pgTable(
  "asks",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id),
    initiativeId: integer("initiative_id")
      .notNull()
      .references(() => initiatives.id),
    sponsorPersonId: integer("sponsor_person_id")
      .notNull()
      .references(() => people.id),
    createdByPersonId: integer("created_by_person_id").references(() => people.id),
    text: text("text").notNull(),
    /** The `--by` date (end of that day in the asker's zone); null: the workspace default applies. */
    dueAt: bigint("due_at", { mode: "number" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    status: text("status", { enum: ["open", "info", "done", "declined", "closed", "cancelled"] })
      .notNull()
      .default("open"),
    /** The decline reason, or what more information is needed. */
    response: text("response"),
    respondedAt: bigint("responded_at", { mode: "number" }),
    respondedByPersonId: integer("responded_by_person_id").references(() => people.id),
    closedAt: bigint("closed_at", { mode: "number" }),
  },
  (t) => [
    index("asks_ws_status").on(t.workspaceId, t.status),
    index("asks_sponsor_status").on(t.sponsorPersonId, t.status),
  ],
);

/**
 * The store ports' contract, run on every dialect available: SQLite always, PostgreSQL when
 * PULSE_TEST_PG_URL is set. Same cases, same expectations; each case gets a fresh database.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { PulseError } from "../../src/core/errors.js";
import type { AuditContext, Person } from "../../src/domain/types.js";
import type { OutboxMessage } from "../../src/ports/checkin-store.js";
import type { NewInitiative } from "../../src/ports/portfolio-store.js";
import { DIALECTS, type OpenedDialect, openDialect, PG_SKIP_REASON, PG_URL } from "./dialects.js";

const at = new Date("2026-02-02T10:00:00Z");
const later = (ms: number) => new Date(at.getTime() + ms);
const DAY = 86_400_000;

const message = (dedupeKey: string, target = "U1"): OutboxMessage => ({
  workspaceId: "w1",
  platform: "slack",
  target: { kind: "user", id: target },
  dedupeKey,
  purpose: "checkin",
  message: { summary: `hello ${dedupeKey}`, sections: [] },
});

if (!PG_URL) it.skip(PG_SKIP_REASON, () => undefined);

describe.each(DIALECTS)("store ports on %s", (dialect) => {
  let db: OpenedDialect;
  let ana: Person;
  let bo: Person;
  const audit = (): AuditContext => ({ actor: ana, platform: "slack", at });

  const initiative = (name: string, sponsor = ana, nextCheckinAt: Date | null = null): NewInitiative => ({
    workspaceId: "w1",
    name,
    slug: name.toLowerCase().replace(/\W+/g, "-"),
    stage: "strategy",
    cadence: "weekly",
    pmoChannel: null,
    successMetric: null,
    dataReadiness: null,
    sponsorIds: [sponsor.id],
    leadIds: [bo.id],
    nextCheckinAt,
  });

  beforeEach(async () => {
    db = await openDialect(dialect, new ManualClock(at.toISOString()));
    const { store } = db.stores;
    await store.ensureWorkspace("w1", "slack", at);
    await store.ensureWorkspace("w2", "teams", at);
    ana = await store.upsertPerson("w1", "U1", { displayName: "Ana", tz: "Europe/Paris" }, at);
    bo = await store.upsertPerson("w1", "U2", { displayName: "Bo", isBot: false }, at);
  });

  afterEach(async () => {
    await db.dispose();
  });

  it("keeps workspaces and people: idempotent ensure, profile updates, booleans, per-workspace ids", async () => {
    const { store } = db.stores;
    expect((await store.ensureWorkspace("w1", "slack", later(1))).platform).toBe("slack");
    expect((await store.listWorkspaces()).map((w) => w.id)).toEqual(["w1", "w2"]);
    const again = await store.upsertPerson("w1", "U1", { displayName: "Ana M", isBot: true }, at);
    expect(again).toMatchObject({ id: ana.id, displayName: "Ana M", tz: "Europe/Paris", isBot: true });
    expect(await store.findPerson("w2", "U1")).toBeUndefined();
    expect(await store.getPerson("w1", ana.id)).toMatchObject({ userId: "U1", isBot: true });
    const ws = await store.updateWorkspace("w1", { defaultChannel: "C1", tz: "UTC" }, audit());
    expect(ws).toMatchObject({ defaultChannel: "C1", tz: "UTC" });
  });

  it("two concurrent first sightings of a person make one row", async () => {
    const { store } = db.stores;
    const people = await Promise.all(
      Array.from({ length: 5 }, () => store.upsertPerson("w1", "U9", { displayName: "Cy" }, at)),
    );
    expect(new Set(people.map((p) => p.id)).size).toBe(1);
  });

  it("adds and removes PMO admins once, with an audit entry per change", async () => {
    const { store } = db.stores;
    expect(await store.setAdmin("w1", bo.id, true, audit())).toBe(true);
    expect(await store.setAdmin("w1", bo.id, true, audit())).toBe(false);
    expect(await store.isAdmin("w1", bo.id)).toBe(true);
    expect((await store.listAdmins("w1")).map((p) => p.displayName)).toEqual(["Bo"]);
    expect(await store.setAdmin("w1", bo.id, false, audit())).toBe(true);
    expect(await store.isAdmin("w1", bo.id)).toBe(false);
    const actions = (await store.auditLog("w1")).map((a) => a.action);
    expect(actions.filter((a) => a.startsWith("admin."))).toEqual(["admin.add", "admin.remove"]);
  });

  it("creates initiatives with roles and history; a duplicate name is a conflict that writes nothing", async () => {
    const { store } = db.stores;
    const due = new Date("2026-03-02T08:00:00Z");
    const made = await store.createInitiative(initiative("Churn model", ana, due), audit());
    expect(made).toMatchObject({ slug: "churn-model", stage: "strategy", status: "active" });
    expect(made.sponsors.map((p) => p.id)).toEqual([ana.id]);
    expect(made.leads.map((p) => p.id)).toEqual([bo.id]);
    expect(made.nextCheckinAt?.toISOString()).toBe(due.toISOString());
    const before = (await store.auditLog("w1")).length;
    const error = await store.createInitiative(initiative("CHURN model"), audit()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PulseError);
    expect((error as PulseError).code).toBe("conflict");
    const batch = store.createInitiatives([initiative("Fraud"), initiative("Churn Model")], audit());
    await expect(batch).rejects.toThrow(/already an initiative called "Churn Model"/);
    expect((await store.listInitiatives("w1")).map((i) => i.name)).toEqual(["Churn model"]);
    expect((await store.auditLog("w1")).length).toBe(before);
    expect(await store.listInitiatives("w2")).toEqual([]);
  });

  it("lists a workspace's initiative names in name order, and sees a new one and a rename at once", async () => {
    const { store } = db.stores;
    const names = async (ws: string) => (await store.initiativeNames?.(ws))?.map((n) => [n.slug, n.name]);
    const zeta = await store.createInitiative(initiative("Zeta"), audit());
    await store.createInitiative(initiative("alpha"), audit());
    expect(await names("w1")).toEqual([
      ["alpha", "alpha"],
      ["zeta", "Zeta"],
    ]);
    await store.updateInitiative("w1", zeta.id, { name: "Beta" }, audit(), "initiative.set");
    expect(await names("w1")).toEqual([
      ["alpha", "alpha"],
      ["zeta", "Beta"],
    ]);
    expect(await names("w2")).toEqual([]);
  });

  it("reads a batch of initiatives with their people: those that exist, in this workspace only", async () => {
    const { store } = db.stores;
    const a = await store.createInitiative(initiative("Alpha"), audit());
    const b = await store.createInitiative(initiative("Beta", bo), audit());
    const batch = await store.getInitiatives("w1", [b.id, a.id, 9_999]);
    expect(batch.map((i) => [i.name, i.sponsors[0]?.displayName, i.leads[0]?.displayName]).sort()).toEqual([
      ["Alpha", "Ana", "Bo"],
      ["Beta", "Bo", "Bo"],
    ]);
    expect(await store.getInitiatives("w2", [a.id])).toEqual([]);
    expect(await store.getInitiatives("w1", [])).toEqual([]);
  });

  it("moves stages with a stale-from check, updates roles keeping their since, and sets status", async () => {
    const { store } = db.stores;
    const one = await store.createInitiative(initiative("Vision"), audit());
    const moved = await store.moveStage(
      "w1",
      one.id,
      { from: "strategy", to: "poc", note: "go", forcedReason: null },
      audit(),
    );
    expect(moved.stage).toBe("poc");
    const stale = store.moveStage(
      "w1",
      one.id,
      { from: "strategy", to: "poc", note: null, forcedReason: null },
      audit(),
    );
    await expect(stale).rejects.toThrow(/stage changed/);
    const cy = await db.stores.store.upsertPerson("w1", "U3", { displayName: "Cy" }, at);
    const updated = await store.updateInitiative(
      "w1",
      one.id,
      { sponsorIds: [ana.id, cy.id], name: "Vision 2" },
      { ...audit(), at: later(DAY) },
      "initiative.update",
    );
    expect(updated.sponsors.map((p) => p.displayName).sort()).toEqual(["Ana", "Cy"]);
    expect(updated.sponsorSince?.toISOString()).toBe(at.toISOString());
    expect((await store.setStatus("w1", one.id, "paused", "budget", audit())).status).toBe("paused");
    const history = await store.stageHistory("w1", one.id);
    expect(history.map((h) => [h.fromStage, h.toStage, h.by])).toEqual([
      [null, "strategy", "Ana"],
      ["strategy", "poc", "Ana"],
    ]);
    expect((await store.initiativesOf("w1", cy.id)).map((i) => i.name)).toEqual(["Vision 2"]);
    const log = await store.auditLog("w1");
    // Ordered by time: the update happened a day after the others.
    expect(log.map((a) => a.action)).toEqual([
      "initiative.add",
      "stage.move",
      "initiative.paused",
      "initiative.update",
    ]);
    expect(log[1]?.details).toMatchObject({ from: "strategy", to: "poc", note: "go" });
  });

  it("plans a due slot exactly once even when replicas race, with one outbox message", async () => {
    const { store, checkins } = db.stores;
    const due = new Date("2026-02-02T09:00:00Z");
    const one = await store.createInitiative(initiative("Pricing", ana, due), audit());
    const slots = await checkins.dueSlots(at, 10);
    expect(slots).toEqual([{ initiativeId: one.id, workspaceId: "w1", dueAt: due, periodKey: null }]);
    const item = {
      initiativeId: one.id,
      periodKey: "2026-W06",
      dueAt: due,
      windowClosesAt: later(3 * DAY),
      remindAt: later(DAY),
      next: { at: later(7 * DAY), periodKey: "2026-W07" },
    };
    const batch = { workspaceId: "w1", sponsorPersonId: ana.id, items: [item], at };
    const build = () => [message(`checkin:${ana.id}:2026-W06`)] as [OutboxMessage];
    const results = await Promise.all([1, 2, 3].map(() => checkins.createBatch(batch, build)));
    expect(results.map((r) => r.length).sort()).toEqual([0, 0, 1]);
    expect(await checkins.dueSlots(at, 10)).toEqual([]);
    const claimed = await checkins.claim(at, 10);
    expect(claimed).toHaveLength(1);
    const [created] = results.flat();
    expect((await checkins.siblings("w1", created?.id ?? 0)).map((c) => c.id)).toEqual([created?.id]);
    await checkins.markSent(claimed[0]?.id ?? 0, "slack:D1:1.2", at);
    expect((await checkins.getCheckin("w1", created?.id ?? 0))?.messageRef).toBe("slack:D1:1.2");
    expect(await checkins.getCheckin("w2", created?.id ?? 0)).toBeUndefined();
  });

  it("reminds once, closes missed check-ins once, and records answers idempotently", async () => {
    const { store, checkins } = db.stores;
    const one = await store.createInitiative(initiative("Routing"), audit());
    const two = await store.createInitiative(initiative("Search"), audit());
    const item = (id: number, key: string) => ({
      initiativeId: id,
      periodKey: key,
      dueAt: at,
      windowClosesAt: later(3 * DAY),
      remindAt: later(DAY),
      next: null,
    });
    const created = await checkins.createBatch(
      { workspaceId: "w1", sponsorPersonId: ana.id, items: [item(one.id, "k1"), item(two.id, "k1")], at },
      () => [message("c1")],
    );
    expect(created).toHaveLength(2);
    const due = await checkins.remindersDue(later(DAY), 10);
    expect(due.map((c) => c.initiativeId)).toEqual([one.id, two.id]);
    const ids = due.map((c) => c.id);
    const reminded = await Promise.all(
      [1, 2].map(() => checkins.markReminded(ids, later(DAY), message("r1"))),
    );
    expect(reminded.sort()).toEqual([0, 2]);
    expect(await checkins.remindersDue(later(DAY), 10)).toEqual([]);

    const first = created[0]?.id ?? 0;
    const answer = await checkins.recordAnswer("w1", first, { choice: "active", confidence: 4 }, audit());
    expect(answer.changed).toBe(true);
    expect(answer.checkin).toMatchObject({ status: "answered", choice: "active", confidence: 4 });
    const same = await checkins.recordAnswer("w1", first, { choice: "active" }, audit());
    expect(same.changed).toBe(false);
    expect((await checkins.lastAnswerAt("w1", one.id, [ana.id]))?.toISOString()).toBe(at.toISOString());
    expect((await checkins.openCheckinsOf("w1", ana.id, later(DAY))).map((c) => c.status)).toEqual([
      "answered",
      "open",
    ]);
    expect(await checkins.recordAnswer("w2", first, { choice: "active" }, audit()).catch((e) => e.code)).toBe(
      "not_found",
    );

    const missed = await Promise.all([1, 2].map(() => checkins.closeMissed(later(3 * DAY))));
    expect(missed.map((m) => m.length).sort()).toEqual([0, 1]);
    expect((await checkins.history("w1", [one.id, two.id], at)).map((c) => c.status)).toEqual([
      "answered",
      "missed",
    ]);
  });

  it("escalates each step once and acks, snoozes and resolves the open ones", async () => {
    const { store, checkins } = db.stores;
    const one = await store.createInitiative(initiative("Ledger"), audit());
    const step = {
      workspaceId: "w1",
      initiativeId: one.id,
      episode: at,
      level: "lapsing",
      reasons: ["2 missed"],
      at,
    };
    const made = await Promise.all([1, 2].map(() => checkins.createEscalation(step, [message("e1", "C1")])));
    expect(made.sort()).toEqual([false, true]);
    expect(await checkins.ackEscalations("w1", one.id, audit())).toBe(1);
    expect(await checkins.ackEscalations("w1", one.id, audit())).toBe(0);
    expect(await checkins.snoozeEscalations("w1", one.id, later(7 * DAY), audit())).toBe(1);
    const [record] = await checkins.escalations("w1", [one.id]);
    expect(record).toMatchObject({
      level: "lapsing",
      reasons: ["2 missed"],
      ackedAt: at,
      snoozedUntil: later(7 * DAY),
    });
    expect(await checkins.resolveEscalations("w1", one.id, later(DAY))).toBe(1);
    expect(await checkins.resolveEscalations("w1", one.id, later(DAY))).toBe(0);
  });

  it("outbox: dedupe keys enqueue once, concurrent claims are disjoint, retries and failures are kept", async () => {
    const { checkins } = db.stores;
    const messages = Array.from({ length: 30 }, (_, i) => message(`m${i}`, `U${i}`));
    await checkins.enqueue(messages, at);
    await checkins.enqueue(messages.slice(0, 5), at);
    const claims = await Promise.all([1, 2, 3].map(() => checkins.claim(at, 20)));
    const ids = claims.flat().map((r) => r.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(claims.flat().every((r) => r.status === "sending" && r.attempts === 1)).toBe(true);
    const [a, b, c] = claims.flat();
    await checkins.markRetry(a?.id ?? 0, later(60_000), "429");
    await checkins.markFailed(b?.id ?? 0, "unreachable");
    await checkins.markSent(c?.id ?? 0, "ref", at);
    expect(await checkins.claim(at, 50)).toEqual([]);
    const retried = await checkins.claim(later(60_000), 50);
    expect(retried.map((r) => [r.id, r.attempts])).toEqual([[a?.id, 2]]);
    expect(await checkins.unreachable("w1")).toEqual([{ targetId: b?.target.id, purpose: "checkin" }]);
  });

  it("digests: one per channel and period, channels, last post, and the digest data", async () => {
    const { store, digests } = db.stores;
    await store.updateWorkspace("w1", { defaultChannel: "CPMO" }, audit());
    await store.createInitiative({ ...initiative("Ops bot"), pmoChannel: "COPS" }, audit());
    expect(await digests.channels("w1")).toEqual(["COPS", "CPMO"]);
    const input = { workspaceId: "w1", channelId: "CPMO", periodKey: "2026-W06", at, snapshot: "{}" };
    const saved = await Promise.all([1, 2].map(() => digests.save(input, message("d1", "CPMO"))));
    expect(saved.sort()).toEqual([false, true]);
    expect((await digests.lastPostedAt("w1", "CPMO"))?.toISOString()).toBe(at.toISOString());
    expect(await digests.periodDone("w1", "2026-W06")).toBe(false);
    await digests.markPeriodDone("w1", "2026-W06", at);
    await digests.markPeriodDone("w1", "2026-W06", at);
    expect(await digests.periodDone("w1", "2026-W06")).toBe(true);
    const data = await digests.load("w1", { now: later(DAY), since: later(-7 * DAY) });
    expect(data.sponsorsWithoutBot).toBe(0);
  });

  it("sponsors: time away, delegates, holidays and country", async () => {
    const { sponsors } = db.stores;
    const away = await sponsors.addAway(
      { workspaceId: "w1", personId: ana.id, from: at, until: later(10 * DAY), note: "leave" },
      audit(),
      [message("away1", "C1")],
    );
    expect(away).toMatchObject({ personId: ana.id, note: "leave" });
    expect(await sponsors.awayPeriods("w1", [ana.id], later(20 * DAY))).toEqual([]);
    const back = await sponsors.endAway("w1", ana.id, { ...audit(), at: later(DAY) });
    expect(back?.until.toISOString()).toBe(later(DAY).toISOString());
    expect(await sponsors.endAway("w1", ana.id, { ...audit(), at: later(2 * DAY) })).toBeUndefined();
    expect(await sponsors.setDelegate("w1", ana.id, bo.id, audit())).toBe(true);
    expect(await sponsors.setDelegate("w1", ana.id, bo.id, audit())).toBe(false);
    expect((await sponsors.delegateOf("w1", ana.id))?.id).toBe(bo.id);
    expect((await sponsors.delegatorsOf("w1", bo.id)).map((p) => p.id)).toEqual([ana.id]);
    const batch = await sponsors.delegatesOf("w1", [ana.id, bo.id]);
    expect([...batch].map(([of, p]) => [of, p.id])).toEqual([[ana.id, bo.id]]);
    expect((await sponsors.delegatesOf("w2", [ana.id])).size).toBe(0);
    const days = [
      { date: "2026-12-25", country: null, name: "Christmas" },
      { date: "2026-12-26", country: null, name: null },
    ];
    expect(await sponsors.addHolidays("w1", days, audit())).toBe(2);
    expect(await sponsors.addHolidays("w1", days, audit())).toBe(0);
    expect(await sponsors.removeHoliday("w1", "2026-12-26", audit())).toBe(1);
    expect(await sponsors.holidays("w1")).toEqual([{ date: "2026-12-25", country: null, name: "Christmas" }]);
    await sponsors.setCountry("w1", ana.id, "FR", audit());
    expect((await db.stores.store.getPerson("w1", ana.id))?.country).toBe("FR");
  });

  it("sponsors: an import of weeks writes away, delegates, holidays, countries and asks in one go", async () => {
    const { store, sponsors, asks } = db.stores;
    const churn = await store.createInitiative(initiative("Churn"), audit());
    const imported = await sponsors.importWeeks?.(
      "w1",
      {
        away: [{ personId: ana.id, from: at, until: later(5 * DAY), note: "leave" }],
        delegates: [{ personId: ana.id, delegatePersonId: bo.id }],
        holidays: [{ date: "2026-12-25", country: "FR", name: "Noël" }],
        countries: [{ personId: bo.id, country: "DE" }],
        asks: [
          {
            initiativeId: churn.id,
            sponsorPersonId: ana.id,
            createdByPersonId: bo.id,
            text: "Budget?",
            dueAt: null,
            createdAt: at,
            status: "done",
            response: "yes",
            respondedAt: later(DAY),
            closedAt: null,
          },
        ],
      },
      audit(),
    );
    expect(imported).toBe(5);
    expect((await sponsors.awayPeriods("w1", [ana.id])).map((a) => a.note)).toEqual(["leave"]);
    expect((await sponsors.delegateOf("w1", ana.id))?.id).toBe(bo.id);
    expect(await sponsors.holidays("w1")).toEqual([{ date: "2026-12-25", country: "FR", name: "Noël" }]);
    expect((await store.getPerson("w1", bo.id))?.country).toBe("DE");
    expect((await asks.listAsks("w1")).map((a) => [a.text, a.status, a.respondedByPersonId])).toEqual([
      ["Budget?", "done", ana.id],
    ]);
    expect((await store.auditLog("w1")).filter((e) => e.action === "weeks.import")).toHaveLength(1);
  });

  it("asks: created with their message, filtered, settled once", async () => {
    const { store, asks } = db.stores;
    const one = await store.createInitiative(initiative("Forecast"), audit());
    const ask = await asks.createAsk(
      {
        workspaceId: "w1",
        initiativeId: one.id,
        sponsorPersonId: ana.id,
        text: "Budget?",
        dueAt: later(DAY),
      },
      audit(),
      (a) => [message(`ask:${a.id}`)],
    );
    expect(await asks.getAsk("w1", ask.id)).toMatchObject({ text: "Budget?", status: "open" });
    expect(await asks.listAsks("w1", { statuses: ["open"], initiativeIds: [one.id] })).toHaveLength(1);
    expect(await asks.listAsks("w1", { sponsorPersonIds: [] })).toEqual([]);
    const settle = () => asks.settle("w1", ask.id, { status: "done", response: null }, audit(), []);
    const settled = await Promise.all([settle(), settle()]);
    expect(settled.filter(Boolean)).toHaveLength(1);
    expect(await asks.listAsks("w1", { respondedSince: at })).toHaveLength(1);
  });

  it("Teams conversation references: upsert, lookup by conversation id, list", async () => {
    const { refs } = db.stores;
    await refs.save("w1", { kind: "user", id: "aad-1" }, { conversation: { id: "a:1" }, v: 1 });
    await refs.save("w1", { kind: "user", id: "aad-1" }, { conversation: { id: "a:1" }, v: 2 });
    await refs.save("w1", { kind: "channel", id: "19:x" }, { conversation: { id: "19:x" } });
    expect(await refs.get("w1", { kind: "user", id: "aad-1" })).toEqual({
      conversation: { id: "a:1" },
      v: 2,
    });
    expect(await refs.findByConversation("w1", "19:x")).toEqual({ conversation: { id: "19:x" } });
    expect(await refs.findByConversation("w2", "19:x")).toBeUndefined();
    expect(await refs.list("w1", "user")).toEqual(["aad-1"]);
  });
});

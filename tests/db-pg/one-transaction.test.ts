/**
 * Writes that must land together, on every dialect available: a sponsor change with the asks it
 * hands over and the new sponsor's message; a check-in batch with the prompt and the delegate's copy.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { AuditContext, Person } from "../../src/domain/types.js";
import type { AskHandOver, HandedOverAsk } from "../../src/ports/ask-store.js";
import type { OutboxMessage } from "../../src/ports/checkin-store.js";
import { DIALECTS, type OpenedDialect, openDialect, PG_SKIP_REASON, PG_URL } from "./dialects.js";

const at = new Date("2026-02-02T10:00:00Z");
const DAY = 86_400_000;

const message = (dedupeKey: string, target: string, purpose = "checkin"): OutboxMessage => ({
  workspaceId: "w1",
  platform: "slack",
  target: { kind: "user", id: target },
  dedupeKey,
  purpose,
  message: { summary: `hello ${dedupeKey}`, sections: [] },
});

if (!PG_URL) it.skip(PG_SKIP_REASON, () => undefined);

describe.each(DIALECTS)("one transaction on %s", (dialect) => {
  let db: OpenedDialect;
  let ana: Person;
  let bo: Person;
  let cy: Person;
  const audit = (): AuditContext => ({ actor: bo, platform: "slack", at });

  beforeEach(async () => {
    db = await openDialect(dialect, new ManualClock(at.toISOString()));
    const { store } = db.stores;
    await store.ensureWorkspace("w1", "slack", at);
    ana = await store.upsertPerson("w1", "U1", { displayName: "Ana" }, at);
    bo = await store.upsertPerson("w1", "U2", { displayName: "Bo" }, at);
    cy = await store.upsertPerson("w1", "U3", { displayName: "Cy" }, at);
  });

  afterEach(async () => {
    await db.dispose();
  });

  async function churnWithAsks() {
    const { store, asks } = db.stores;
    const churn = await store.createInitiative(
      {
        workspaceId: "w1",
        name: "Churn",
        slug: "churn",
        stage: "strategy",
        cadence: "weekly",
        pmoChannel: null,
        successMetric: null,
        dataReadiness: null,
        sponsorIds: [ana.id],
        leadIds: [bo.id],
        nextCheckinAt: null,
      },
      audit(),
    );
    const ask = (text: string, dueAt: Date | null = null) =>
      asks.createAsk(
        { workspaceId: "w1", initiativeId: churn.id, sponsorPersonId: ana.id, text, dueAt },
        audit(),
        () => [],
      );
    const answered = await ask("Answered");
    await asks.settle("w1", answered.id, { status: "done", response: null }, audit(), []);
    const open = [await ask("Budget?", new Date(at.getTime() + 9 * DAY)), await ask("Owner?")];
    return { churn, answered, open };
  }

  const pending = async () =>
    (await db.stores.checkins.claim(new Date(at.getTime() + DAY), 100)).map((r) => [r.purpose, r.target.id]);

  it("a sponsor change hands the open asks over, audited, with one message", async () => {
    const { store, asks } = db.stores;
    const { churn, answered, open } = await churnWithAsks();
    let seen: HandedOverAsk[] = [];
    const handOver: AskHandOver = {
      toPersonId: cy.id,
      outbox: (moved) => {
        seen = moved;
        return [message(`handover:${moved.map((m) => m.ask.id)}`, "U3", "ask.handover")];
      },
    };
    const updated = await store.updateInitiative(
      "w1",
      churn.id,
      { sponsorIds: [cy.id] },
      audit(),
      "set",
      handOver,
    );
    expect(updated.sponsors.map((p) => p.id)).toEqual([cy.id]);
    expect(seen.map((m) => [m.ask.id, m.ask.sponsorPersonId, m.fromPersonId])).toEqual(
      open.map((a) => [a.id, cy.id, ana.id]),
    );
    const now = await asks.listAsks("w1");
    expect(now.map((a) => [a.id, a.sponsorPersonId, a.status, a.dueAt])).toEqual([
      [answered.id, ana.id, "done", null],
      ...open.map((a) => [a.id, cy.id, "open", a.dueAt]),
    ]);
    const log = (await store.auditLog("w1")).filter((e) => e.action === "ask.handover");
    expect(log.map((e) => e.details)).toEqual(open.map((a) => ({ askId: a.id, from: ana.id, to: cy.id })));
    expect(await pending()).toEqual([["ask.handover", "U3"]]);

    // Again: nothing left to move, no message.
    let called = false;
    await store.updateInitiative("w1", churn.id, { sponsorIds: [cy.id] }, audit(), "set", {
      toPersonId: cy.id,
      outbox: () => {
        called = true;
        return [];
      },
    });
    expect(called).toBe(false);
  });

  it("when the message cannot be written, the sponsor change and the moves are undone too", async () => {
    const { store, asks } = db.stores;
    const { churn } = await churnWithAsks();
    const before = { asks: await asks.listAsks("w1"), log: await store.auditLog("w1") };
    await expect(
      store.updateInitiative("w1", churn.id, { sponsorIds: [cy.id] }, audit(), "set", {
        toPersonId: cy.id,
        outbox: () => {
          throw new Error("no message");
        },
      }),
    ).rejects.toThrow("no message");
    expect((await store.getInitiative("w1", churn.id))?.sponsors.map((p) => p.id)).toEqual([ana.id]);
    expect(await asks.listAsks("w1")).toEqual(before.asks);
    expect(await store.auditLog("w1")).toEqual(before.log);
    expect(await pending()).toEqual([]);
  });

  it("without sponsors left, the asks stay", async () => {
    const { store, asks } = db.stores;
    const { churn } = await churnWithAsks();
    await store.updateInitiative("w1", churn.id, { sponsorIds: [] }, audit(), "set", {
      toPersonId: cy.id,
      outbox: () => [message("never", "U3")],
    });
    expect((await asks.listAsks("w1")).map((a) => a.sponsorPersonId)).toEqual([ana.id, ana.id, ana.id]);
    expect(await pending()).toEqual([]);
  });

  it("a check-in batch writes the prompt and the delegate's copy together; the check-ins point at the prompt", async () => {
    const { checkins } = db.stores;
    const { churn } = await churnWithAsks();
    const batch = {
      workspaceId: "w1",
      sponsorPersonId: ana.id,
      at,
      items: [
        {
          initiativeId: churn.id,
          periodKey: "2026-W06",
          dueAt: at,
          windowClosesAt: new Date(at.getTime() + 3 * DAY),
          remindAt: null,
          next: null,
        },
      ],
    };
    const build = (): [OutboxMessage, ...OutboxMessage[]] => [
      message("checkin:1", "U1"),
      message("checkin:1:delegate:3", "U3", "checkin.delegate"),
    ];
    const [created] = await checkins.createBatch(batch, build);
    expect(await checkins.createBatch(batch, build)).toEqual([]);
    const rows = await checkins.claim(new Date(at.getTime() + DAY), 10);
    expect(rows.map((r) => [r.purpose, r.target.id])).toEqual([
      ["checkin", "U1"],
      ["checkin.delegate", "U3"],
    ]);
    for (const r of rows) await checkins.markSent(r.id, `ref-${r.target.id}`, at);
    expect((await checkins.getCheckin("w1", created?.id ?? 0))?.messageRef).toBe("ref-U1");
  });
});

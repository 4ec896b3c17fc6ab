/**
 * PostgreSQL's outbox lease: a claimed row stays with its replica until the lease (on the server's
 * clock) runs out, then exactly one other replica takes it over, with its attempts counted so that
 * delivery looks it up (findSent) before sending again.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { OutboxMessage } from "../../src/ports/checkin-store.js";
import { type OpenedDialect, openDialect, PG_SKIP_REASON, PG_URL } from "./dialects.js";

const LEASE_MS = 400;
// The schedule's `now` is far in the past: the lease must not depend on it.
const tickNow = new Date("2026-02-02T10:00:00Z");

const message = (i: number): OutboxMessage => ({
  workspaceId: "w1",
  platform: "slack",
  target: { kind: "user", id: `U${i}` },
  dedupeKey: `k${i}`,
  purpose: "checkin",
  message: { summary: `m${i}`, sections: [] },
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!PG_URL)("the outbox lease on PostgreSQL", () => {
  let db: OpenedDialect;
  let replicas: OpenedDialect["stores"]["checkins"][];

  beforeEach(async () => {
    db = await openDialect("postgres", new ManualClock(tickNow.toISOString()), {
      DATABASE_LEASE_SECONDS: String(LEASE_MS / 1000),
    });
    await db.stores.store.ensureWorkspace("w1", "slack", tickNow);
    await db.stores.checkins.enqueue([1, 2, 3, 4, 5].map(message), tickNow);
    replicas = [db.stores.checkins, db.stores.checkins];
  });

  afterEach(async () => {
    await db.dispose();
  });

  it("keeps claimed rows from other replicas until the lease runs out, then hands each to one", async () => {
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    const held = await a.claim(tickNow, 10);
    expect(held.map((r) => r.attempts)).toEqual([1, 1, 1, 1, 1]);
    expect(await b.claim(tickNow, 10)).toEqual([]);
    expect(await b.interrupted()).toEqual([]);
    await a.markSent(held[0]?.id ?? 0, "ref", tickNow);
    await pause(LEASE_MS + 200);
    const [takenB, takenA] = await Promise.all([b.claim(tickNow, 10), a.claim(tickNow, 10)]);
    const taken = [...takenB, ...takenA];
    expect(taken.map((r) => r.id).sort()).toEqual(held.slice(1).map((r) => r.id));
    expect(taken.every((r) => r.attempts === 2)).toBe(true);
  });

  it("a restarting replica's recovery takes over only expired rows, and leases them while it checks", async () => {
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    const held = await a.claim(tickNow, 2);
    expect(await b.interrupted()).toEqual([]);
    await pause(LEASE_MS + 200);
    const recovered = await b.interrupted();
    expect(recovered.map((r) => r.id)).toEqual(held.map((r) => r.id));
    expect(await a.interrupted()).toEqual([]);
    // The other three were never claimed: still pending, not "interrupted".
    expect((await a.claim(tickNow, 10)).map((r) => r.dedupeKey)).toEqual(["k3", "k4", "k5"]);
  });

  it("three replicas claiming until nothing is left never split a sponsor's initiatives", async () => {
    // The 3-replica fan-out benchmark once sent 140 sponsors two messages: row locks let two claims
    // share one sponsor. Many sponsors with several initiatives, claimed concurrently in small batches.
    const { store, checkins } = db.stores;
    const audit = { actor: null, label: "test", platform: "system" as const, at: tickNow };
    let n = 0;
    for (let s = 1; s <= 40; s++) {
      const sponsor = await store.upsertPerson("w1", `P${s}`, { displayName: `P${s}` }, tickNow);
      for (let k = 0; k < 3; k++) {
        n++;
        await store.createInitiative(
          {
            workspaceId: "w1",
            name: `Split ${n}`,
            slug: `split-${n}`,
            stage: "poc",
            cadence: "weekly",
            pmoChannel: null,
            successMetric: null,
            dataReadiness: null,
            sponsorIds: [sponsor.id],
            leadIds: [],
            nextCheckinAt: new Date(tickNow.getTime() - ((n * 7919) % 600) * 1000),
          },
          audit,
        );
      }
    }
    const sponsorOf = new Map<number, number>();
    for (const i of await store.listInitiatives("w1")) sponsorOf.set(i.id, i.sponsors[0]?.id ?? 0);
    const claimedBy = new Map<number, Set<string>>();
    const replica = async (name: string) => {
      for (;;) {
        const claim = await checkins.dueSlots(tickNow, 4);
        if (claim.length === 0) return;
        for (const slot of claim) {
          const sponsor = sponsorOf.get(slot.initiativeId) ?? 0;
          claimedBy.set(
            sponsor,
            (claimedBy.get(sponsor) ?? new Set()).add(`${name}:${claim[0]?.initiativeId}`),
          );
        }
      }
    };
    await Promise.all([replica("a"), replica("b"), replica("c")]);
    expect(claimedBy.size).toBe(40);
    const split = [...claimedBy.values()].filter((claims) => claims.size > 1);
    expect(split).toEqual([]);
  });

  it("replicas planning at once claim disjoint due slots, a sponsor's initiatives together", async () => {
    const { store, checkins } = db.stores;
    const audit = { actor: null, label: "test", platform: "system" as const, at: tickNow };
    const people = [];
    for (const i of [1, 2, 3, 4])
      people.push(await store.upsertPerson("w1", `S${i}`, { displayName: `S${i}` }, tickNow));
    let n = 0;
    for (const sponsor of people)
      for (const _ of [1, 2]) {
        n++;
        await store.createInitiative(
          {
            workspaceId: "w1",
            name: `I${n}`,
            slug: `i${n}`,
            stage: "poc",
            cadence: "weekly",
            pmoChannel: null,
            successMetric: null,
            dataReadiness: null,
            sponsorIds: [sponsor.id],
            leadIds: [],
            nextCheckinAt: new Date(tickNow.getTime() - n * 1000),
          },
          audit,
        );
      }
    const sponsorOf = new Map<number, number>();
    for (const i of await store.listInitiatives("w1")) sponsorOf.set(i.id, i.sponsors[0]?.id ?? 0);
    // Two sponsors per claim: each replica gets whole sponsors, none shared.
    const claims = await Promise.all([checkins.dueSlots(tickNow, 2), checkins.dueSlots(tickNow, 2)]);
    const ids = claims.flat().map((s) => s.initiativeId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const claim of claims) {
      const sponsors = new Set(claim.map((s) => sponsorOf.get(s.initiativeId)));
      expect(claim.length).toBe(sponsors.size * 2);
    }
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const rest = await checkins.dueSlots(tickNow, 10);
    expect(ids.length + rest.length).toBe(8);
    expect(await checkins.dueSlots(tickNow, 10)).toEqual([]);
    // Planned slots move on; the others come back once their lease runs out.
    for (const slot of claims[0] ?? []) await checkins.advance(slot.initiativeId, null);
    await pause(LEASE_MS + 200);
    expect((await checkins.dueSlots(tickNow, 10)).length).toBe(8 - (claims[0]?.length ?? 0));
  });
});

if (!PG_URL) it.skip(PG_SKIP_REASON, () => undefined);

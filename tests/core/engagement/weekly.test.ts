/**
 * The portfolio week by week: calendar weeks in the workspace's zone, each initiative's state replayed
 * at each week's end exactly as a derivation made at that instant would give it, and the counts the
 * digest's chart draws.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CheckinRowFact } from "../../../src/digest/facts.js";
import { createDigests } from "../../../src/digest/load.js";
import { portfolioWeekCounts, portfolioWeeks } from "../../../src/digest/portfolio-weeks.js";
import type { DigestStore } from "../../../src/digest/store.js";
import { engagementInput } from "../../../src/engagement/facts.js";
import { buildContext, signalsAt, signalsReplay } from "../../../src/engagement/signals.js";
import { currentEngagement, engagementOverTime, statesAt } from "../../../src/engagement/state.js";
import { DEFAULT_ENGAGEMENT_SETTINGS } from "../../../src/engagement/thresholds.js";
import { weekColumns, weekCounts } from "../../../src/engagement/weekly.js";
import type { CoreDeps } from "../../../src/ports/deps.js";
import { at, DAY, facts, history, NOW, sponsorRoles } from "../../fixtures/digest/window-histories.js";

describe("weekColumns", () => {
  it("are calendar weeks from Monday in the zone, oldest first, the current one ending now", () => {
    const now = new Date("2026-12-02T15:00:00Z");
    const weeks = weekColumns(now, 3, "Europe/London");
    expect(weeks.map((w) => w.label)).toEqual(["16 Nov", "23 Nov", "30 Nov"]);
    expect(weeks.map((w) => w.start.toISOString())).toEqual([
      "2026-11-16T00:00:00.000Z",
      "2026-11-23T00:00:00.000Z",
      "2026-11-30T00:00:00.000Z",
    ]);
    expect(weeks[0]?.end).toEqual(weeks[1]?.start);
    expect(weeks[2]?.end).toEqual(now);
    // Monday 05:00 in Tokyo is still Sunday in UTC: the week is Tokyo's.
    const tokyo = weekColumns(new Date("2026-11-29T20:00:00Z"), 1, "Asia/Tokyo");
    expect(tokyo[0]?.start.toISOString()).toBe("2026-11-29T15:00:00.000Z");
    expect(tokyo[0]?.label).toBe("30 Nov");
    // A zone nobody knows reads as UTC rather than failing the page.
    expect(weekColumns(now, 1, "Mars/Olympus")[0]?.label).toBe("30 Nov");
  });
});

describe("statesAt", () => {
  /** Time away and an overdue ask around the history, so every rule has a say in the replay. */
  const extras = fc.record({
    away: fc.array(
      fc.record({ fromDays: fc.integer({ min: -20, max: 200 }), days: fc.integer({ min: 1, max: 60 }) }),
      { maxLength: 3 },
    ),
    asksOverdueDays: fc.option(fc.integer({ min: -10, max: 200 })),
  });
  /** Instants in any order, repeated, some after now. */
  const instants = fc.array(fc.integer({ min: -10, max: 180 }), { minLength: 1, maxLength: 30 });

  function inputOf(
    h: { sponsors: number[]; sinceDays: number; checkins: CheckinRowFact[] },
    x: { away: { fromDays: number; days: number }[]; asksOverdueDays: number | null },
  ) {
    const f = facts(sponsorRoles(h.sponsors, h.sinceDays), h.checkins, null);
    const i = f.initiatives[0];
    if (!i) throw new Error("fixture has an initiative");
    const sponsorship = {
      sponsorIds: new Set(h.sponsors),
      sponsorSince: at(h.sinceDays),
      createdAt: i.createdAt,
      cadence: "weekly",
      tz: "UTC",
    };
    const input = engagementInput(1, sponsorship, { checkins: h.checkins }, NOW, DEFAULT_ENGAGEMENT_SETTINGS);
    return {
      ...input,
      away: x.away.map((p) => ({ from: at(p.fromDays), until: at(p.fromDays - p.days) })),
      asksOverdue:
        x.asksOverdueDays === null
          ? null
          : { count: 2, oldestDays: Math.max(0, x.asksOverdueDays), oldestDueAt: at(x.asksOverdueDays) },
    };
  }

  it("gives at each instant what a derivation made then gives", () => {
    fc.assert(
      fc.property(history, extras, instants, (h, x, days) => {
        const input = inputOf(h, x);
        const times = days.map((d) => at(d).getTime());
        const replayed = statesAt(input, NOW, times);
        expect(replayed).toEqual(
          times.map((t) => currentEngagement(input, new Date(Math.min(t, NOW.getTime()))).state),
        );
        // Together with the current engagement, from one context: the same answers.
        const both = engagementOverTime(input, NOW, times);
        expect(both.states).toEqual(replayed);
        expect(both.current).toEqual(currentEngagement(input, NOW));
      }),
    );
  });

  it("replays the signals, reasons and all, exactly as each instant alone gives them", () => {
    fc.assert(
      fc.property(history, extras, instants, (h, x, days) => {
        const input = inputOf(h, x);
        const ctx = buildContext(input, NOW, DEFAULT_ENGAGEMENT_SETTINGS);
        const replay = signalsReplay(ctx);
        const ascending = days.map((d) => at(d).getTime()).sort((a, b) => a - b);
        for (const t of ascending) expect(replay(t)).toEqual(signalsAt(ctx, t));
        expect(() => replay((ascending[0] ?? 0) - 1)).toThrow();
      }),
    );
  });
});

describe("portfolioWeeks", () => {
  const weekly = (initiativeId: number, sponsor: number, answeredWeeksAgo: number[]) =>
    answeredWeeksAgo.map((w) => ({
      initiativeId,
      sponsorPersonId: sponsor,
      dueAt: at(w * 7 + 1),
      status: "answered" as const,
      choice: "active" as const,
      confidence: 4,
      note: null,
      answeredAt: at(w * 7 + 1),
      answeredByPersonId: sponsor,
      answeredBy: null,
    }));

  it("replays each open initiative at each week's end, ends on its current state, and counts them", () => {
    const base = facts(sponsorRoles([1], 300), [], null);
    const steady = base.initiatives[0];
    if (!steady) throw new Error("fixture has an initiative");
    const f = {
      ...base,
      initiatives: [
        { ...steady, id: 1, slug: "steady", name: "Steady" },
        { ...steady, id: 2, slug: "silent", name: "Gone quiet" },
        { ...steady, id: 3, slug: "new", name: "New one", createdAt: at(10) },
        { ...steady, id: 4, slug: "done", name: "Done", status: "closed" as const },
      ],
      roles: [
        ...sponsorRoles([1], 300),
        { ...sponsorRoles([2], 300)[0], initiativeId: 2 } as (typeof base.roles)[number],
        { ...sponsorRoles([1], 10)[0], initiativeId: 3 } as (typeof base.roles)[number],
      ],
      // Steady answers every week; the second sponsor stopped 9 weeks ago.
      checkins: [
        ...weekly(1, 1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
        ...weekly(2, 2, [9, 10, 11, 12, 13]),
      ],
    };
    const weeks = weekColumns(NOW, 8, "UTC");
    const grid = portfolioWeeks(f, new Map(), weeks, NOW, "UTC");

    expect(grid.initiatives.map((i) => i.slug)).toEqual(["silent", "new", "steady"]);
    const [silent, fresh, steadyRow] = grid.initiatives;
    expect(steadyRow?.states).toEqual(Array(8).fill("engaged"));
    expect(steadyRow?.sponsor).toEqual({ personId: 1, name: "Sponsor 1" });
    // Quiet for longer and longer: never better again, and lapsed by now.
    const rank = ["engaged", "cooling", "lapsing", "lapsed"];
    const ranks = (silent?.states ?? []).map((s) => rank.indexOf(s ?? ""));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(silent?.states.at(-1)).toBe("lapsed");
    // Unknown before it existed; the last week is always the current state.
    // Created on Friday 13 Nov: the weeks that ended before are unknown, its own is not.
    expect(fresh?.states.slice(0, 5)).toEqual(Array(5).fill(null));
    expect(fresh?.states[5]).not.toBeNull();
    for (const row of grid.initiatives) expect(row.states.at(-1)).toBe(row.current.state);

    const counts = weekCounts(grid);
    // The digest's counts-only path counts the same grid.
    expect(portfolioWeekCounts(f, new Map(), weeks, NOW, "UTC")).toEqual(counts);
    expect(counts).toHaveLength(8);
    expect(counts.map((c) => c.label)).toEqual(weeks.map((w) => w.label));
    expect(counts[0]?.counts.engaged).toBe(1 + (silent?.states[0] === "engaged" ? 1 : 0));
    const last = counts.at(-1)?.counts;
    expect(Object.values(last ?? {}).reduce((a, b) => a + b, 0)).toBe(3);
    expect(last?.lapsed).toBe(1);
  });

  it("counts silence from a stand-in answer older than the check-ins read", () => {
    const f = facts(sponsorRoles([1], 300), [], null);
    const weeks = weekColumns(NOW, 4, "UTC");
    const recentAnswer = new Map([[1, new Date((weeks[0]?.start.getTime() ?? 0) - DAY)]]);
    const withStandIn = portfolioWeeks(f, recentAnswer, weeks, NOW, "UTC").initiatives[0];
    const without = portfolioWeeks(f, new Map(), weeks, NOW, "UTC").initiatives[0];
    expect(without?.states).toEqual(Array(4).fill("lapsed"));
    expect(withStandIn?.states[0]).toBe("engaged");
  });
});

describe("Digests.weeks", () => {
  it("reuses a read for a minute, shows it for five while a new one runs, and never keeps a failed one", async () => {
    const base = facts(sponsorRoles([1], 300), [], null);
    let loads = 0;
    let fail = false;
    const store = {
      load: async () => {
        loads++;
        if (fail) throw new Error("database gone");
        return { ...base, snapshots: [], stageMoves: [] };
      },
      lastAnswers: async () => [],
    } as unknown as DigestStore;
    const deps = {
      config: { defaultTz: "UTC", pmoAdmins: [] },
      sponsors: { awayPeriods: async () => [] },
      asks: { listAsks: async () => [] },
    } as unknown as CoreDeps;
    const digests = createDigests(store, deps);
    const later = (s: number) => new Date(NOW.getTime() + s * 1000);
    const settle = () => new Promise((r) => setTimeout(r, 5));

    const first = await digests.weeks("T1", { now: NOW, weeks: 4 });
    expect(first.initiatives).toHaveLength(1);
    expect(await digests.weeks("T1", { now: later(59), weeks: 4 })).toBe(first);
    expect(loads).toBe(1);
    // Another span or another workspace: another read.
    await digests.weeks("T1", { now: NOW, weeks: 8 });
    await digests.weeks("T2", { now: NOW, weeks: 4 });
    expect(loads).toBe(3);

    // Past the minute: the older read at once, a new one behind it, shown from then on.
    expect(await digests.weeks("T1", { now: later(61), weeks: 4 })).toBe(first);
    expect(loads).toBe(4);
    await settle();
    const second = await digests.weeks("T1", { now: later(62), weeks: 4 });
    expect(second).not.toBe(first);
    expect(second.weeks.at(-1)?.end).toEqual(later(61));
    expect(loads).toBe(4);

    // A new read that fails leaves the older one shown, and is tried again.
    fail = true;
    expect(await digests.weeks("T1", { now: later(130), weeks: 4 })).toBe(second);
    await settle();
    expect(await digests.weeks("T1", { now: later(131), weeks: 4 })).toBe(second);
    expect(loads).toBe(6);
    await settle();
    // Past five minutes nothing older is shown: the failure is the caller's.
    await expect(digests.weeks("T1", { now: later(61 + 301), weeks: 4 })).rejects.toThrow("database gone");
    fail = false;
    const third = await digests.weeks("T1", { now: later(61 + 302), weeks: 4 });
    expect(third.weeks.at(-1)?.end).toEqual(later(61 + 302));
  });
});

/**
 * The bot's digest derives engagement once — from the loader's check-ins, with the sponsors' time away and
 * overdue asks — and must say exactly what the previous two passes said (the loader's engagement, then
 * `insights.engagement` over 26 weeks again). Random portfolios in a real SQLite file, compared with the
 * two-pass reading kept in ./two-pass.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DAY } from "../../../src/core/clock.js";
import { buildDigest } from "../../../src/digest/build.js";
import { digestToJson, digestToText } from "../../../src/digest/render.js";
import { createTestPulse, type TestPulse } from "../../support/pulse-fixture.js";
import { twoPassSponsorFacts } from "./two-pass.js";

const NOW = new Date("2026-11-23T08:00:00Z");
const SINCE = new Date(NOW.getTime() - 7 * DAY);
const WEEK = 7 * DAY;
const ZONES = ["Europe/London", "Asia/Tokyo", null] as const;
const CADENCES = ["weekly", "weekly", "biweekly", "monthly"] as const;

/** Deterministic pseudo-random numbers, so a failing seed can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

/** A portfolio with every fact the one pass must get right, written straight into the tables. */
function seedPortfolio(pulse: TestPulse, seed: number) {
  const r = rng(seed);
  const sql = pulse.db.$client;
  const now = NOW.getTime();
  const settings = r.chance(0.5) ? "{}" : JSON.stringify({ askDueDays: r.int(3, 20) });
  sql
    .prepare(
      "insert into workspaces (id, platform, name, default_channel, tz, settings, created_at) values ('local', 'shell', 'Acme', 'CPMO', ?, ?, 0)",
    )
    .run(r.chance(0.5) ? "Europe/Paris" : null, settings);
  const person = sql.prepare(
    "insert into people (workspace_id, user_id, display_name, tz, created_at) values ('local', ?, ?, ?, 0)",
  );
  const people = Array.from({ length: 10 }, (_, n) =>
    Number(person.run(`u${n}`, `Person ${n}`, r.pick(ZONES)).lastInsertRowid),
  );
  const sponsors = people.slice(0, 6);
  const delegate = people[8] as number;
  const lead = people[9] as number;

  const away = sql.prepare(
    "insert into away_periods (workspace_id, person_id, from_at, until_at, created_at) values ('local', ?, ?, ?, 0)",
  );
  for (const p of sponsors)
    for (let k = r.int(0, 2); k > 0; k--) {
      const from = now + r.int(-200, 20) * DAY;
      away.run(p, from, from + r.int(1, 60) * DAY);
    }

  const initiative = sql.prepare(
    `insert into initiatives (workspace_id, slug, name, name_key, stage, status, cadence, pmo_channel,
       stage_entered_at, created_at, updated_at) values ('local', ?, ?, ?, 'poc', ?, ?, ?, ?, ?, ?)`,
  );
  const role = sql.prepare(
    "insert into initiative_roles (initiative_id, person_id, role, since) values (?, ?, ?, ?)",
  );
  const checkin = sql.prepare(
    `insert into checkins (workspace_id, initiative_id, sponsor_person_id, period_key, due_at, window_closes_at,
       status, choice, confidence, answered_at, answered_by_person_id) values ('local', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ask = sql.prepare(
    `insert into asks (workspace_id, initiative_id, sponsor_person_id, created_by_person_id, text, due_at, created_at,
       status, responded_at) values ('local', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const escalation = sql.prepare(
    `insert into escalations (workspace_id, initiative_id, episode, level, created_at, resolved_at)
     values ('local', ?, ?, ?, ?, ?)`,
  );
  for (let n = 0; n < 14; n++) {
    const status = r.pick(["active", "active", "active", "paused", "closed"] as const);
    const created = now - r.int(10, 60) * WEEK;
    const id = Number(
      initiative.run(
        `i-${n}`,
        `Initiative ${n}`,
        `initiative ${n}`,
        status,
        r.pick(CADENCES),
        r.chance(0.3) ? "COTHER" : null,
        created,
        created,
        status === "closed" ? now - r.int(0, 20) * DAY : created,
      ).lastInsertRowid,
    );
    const own = r.chance(0.1)
      ? []
      : r.chance(0.2)
        ? [r.pick(sponsors), r.pick(sponsors)]
        : [r.pick(sponsors)];
    const current = [...new Set(own)];
    for (const p of current) role.run(id, p, "sponsor", now - r.int(0, 50) * WEEK);
    role.run(id, lead, "lead", created);
    // Some sponsors went silent long ago: their last answers are older than the 26-week look-back.
    const silentSince = r.chance(0.2) ? r.int(27, 40) : 0;
    for (let w = 1; w <= 45; w++) {
      if (r.chance(0.1)) continue;
      const due = now - w * WEEK + 3_600_000;
      const sponsor = r.chance(0.1) ? r.pick(sponsors) : (current[0] ?? r.pick(sponsors));
      const state = r.pick(["answered", "answered", "answered", "missed", "cancelled", "open"] as const);
      const answered = state === "answered" && w >= silentSince;
      const st = state === "answered" && !answered ? "missed" : state;
      const by = r.chance(0.25) ? delegate : sponsor;
      checkin.run(
        id,
        sponsor,
        `W${w}`,
        due,
        due + 3 * DAY,
        st,
        answered ? r.pick(["active", "active", "limited", "handover"]) : null,
        answered && r.chance(0.8) ? r.int(1, 5) : null,
        answered ? due + r.int(0, 5 * 24) * 3_600_000 : null,
        answered ? by : null,
      );
    }
    for (let k = r.int(0, 3); k > 0; k--) {
      const askStatus = r.pick(["open", "open", "info", "done", "declined", "cancelled"] as const);
      const made = now - r.int(0, 60) * DAY;
      const responded = askStatus === "done" || askStatus === "declined" ? made + r.int(0, 10) * DAY : null;
      ask.run(
        id,
        r.chance(0.8) ? (current[0] ?? r.pick(sponsors)) : r.pick(sponsors),
        lead,
        `Ask ${k} of ${n}`,
        r.chance(0.5) ? made + r.int(1, 20) * DAY : null,
        made,
        askStatus,
        responded !== null && responded < now ? responded : null,
      );
    }
    if (r.chance(0.4)) {
      const at = now - r.int(1, 20) * DAY;
      escalation.run(
        id,
        at,
        r.pick(["lapsing", "lapsed", "cooling"]),
        at,
        r.chance(0.6) ? at + r.int(0, 6) * DAY : null,
      );
    }
  }
}

let pulse: TestPulse | undefined;
afterEach(async () => {
  await pulse?.close();
  pulse = undefined;
});

describe("the bot's digest reads engagement once", () => {
  it("says exactly what the two passes said, with time away, overdue asks, delegates and long silences", async () => {
    for (let seed = 1; seed <= 40; seed++) {
      pulse = await createTestPulse({ defaultTz: "America/New_York" });
      seedPortfolio(pulse, seed);
      for (const channelId of [undefined, "CPMO", "COTHER"]) {
        const options = { now: NOW, since: SINCE, ...(channelId ? { channelId } : {}) };
        const one = await pulse.digests.load("local", options);
        const two = await twoPassSponsorFacts(
          pulse.deps,
          "local",
          await pulse.database.stores.digests.load("local", options),
        );
        const context = `seed ${seed}, channel ${channelId ?? "all"}`;
        expect(one.initiatives, context).toEqual(two.initiatives);
        const [a, b] = [buildDigest(one, NOW, one.settings), buildDigest(two, NOW, two.settings)];
        expect(digestToText(a), context).toBe(digestToText(b));
        expect(digestToJson(a), context).toBe(digestToJson(b));
      }
      await pulse.close();
      pulse = undefined;
    }
  }, 60_000);
});

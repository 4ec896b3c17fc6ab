import { afterEach, describe, expect, it } from "vitest";
import { HOUR } from "../../../src/core/clock.js";
import type { CheckinStore } from "../../../src/ports/checkin-store.js";
import { checkinsTo, type World, world } from "../sponsors/harness.js";

let w: World;
afterEach(async () => {
  await w?.pulse.close();
});

const copiesTo = (w: World, id: string) =>
  w.platform.to(id).filter((m) => m.dedupeKey.startsWith("checkin:") && m.dedupeKey.includes(":delegate:"));

describe("the delegate's copy of a check-in", () => {
  it("is written with the check-ins and the sponsor's prompt: a crash right after that write loses nothing", async () => {
    w = await world();
    const { pulse, clock, platform } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run("pmo", "pulse", "delegate <@ana|ana> <@cy|cy>");

    // The process dies the moment the check-in transaction returns, before anything else runs.
    const real = pulse.deps.checkins;
    let batches = 0;
    const crashing: CheckinStore = {
      ...real,
      async createBatch(batch, outbox) {
        await real.createBatch(batch, outbox);
        batches++;
        throw new Error("crash after the check-in transaction");
      },
    };
    pulse.deps.checkins = crashing;
    for (let h = 0; batches === 0 && h < 48; h++) {
      clock.advance(HOUR);
      await pulse.tick().catch((error: Error) => expect(error.message).toContain("crash"));
    }
    expect(batches).toBe(1);
    const rows = pulse.db.$client
      .prepare("select purpose, target_id as target from outbox where purpose like 'checkin%' order by id")
      .all() as { purpose: string; target: string }[];
    expect(rows.map((r) => [r.purpose, r.target])).toEqual([
      ["checkin", "ana"],
      ["checkin.delegate", "cy"],
    ]);

    // After the restart both are delivered, once each.
    pulse.deps.checkins = real;
    await pulse.tick();
    await pulse.tick();
    expect(checkinsTo(platform, "ana")).toHaveLength(1);
    expect(copiesTo(w, "cy")).toHaveLength(1);
    expect(copiesTo(w, "cy")[0]?.message.summary).toContain("On behalf of Ana");
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { exportWorkspace, importCsv } from "../../../src/portfolio/import-export.js";
import { createTestPulse, dumpDatabase, type TestPulse } from "../../support/pulse-fixture.js";
import { click, type World, world } from "./harness.js";

let w: World;
let fresh: TestPulse | undefined;
afterEach(async () => {
  await w?.pulse.close();
  await fresh?.close();
  fresh = undefined;
});

const weeksOf = (data: Awaited<ReturnType<typeof exportWorkspace>>) => {
  const { away, delegates, holidays, countries, asks } = data;
  return { away, delegates, holidays, countries, asks };
};

describe("export and import of sponsors' real weeks", () => {
  it("the JSON export carries away periods, delegates, holidays, countries and asks, and import reads them back", async () => {
    w = await world("2026-03-02T10:00:00Z");
    const { pulse } = w;
    await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
    await pulse.run("ana", "pulse", "away 2026-03-09 2026-03-13 Offsite");
    await pulse.run("ana", "pulse", "delegate <@cy|cy>");
    await pulse.run("ana", "pulse", "country GB");
    await pulse.run("pmo", "pulse", "holidays add 2026-12-24 Christmas Eve");
    await pulse.run("bo", "ask", "churn Approve the data contract --by 2026-03-20");
    await pulse.run("bo", "ask", "churn Budget for labelling");
    await click(pulse, "ana", "ask.decline", "2:dm", { inputs: { "ask.decline": "Not this quarter" } });

    const exported = await exportWorkspace(pulse.deps, "local");
    const weeks = weeksOf(exported);
    expect(weeks.away).toEqual([
      { person: "ana", from: "2026-03-09T00:00:00.000Z", until: "2026-03-14T00:00:00.000Z", note: "Offsite" },
    ]);
    expect(weeks.delegates).toEqual([{ sponsor: "ana", delegate: "cy" }]);
    expect(weeks.countries).toEqual([{ person: "ana", country: "GB" }]);
    expect(weeks.holidays).toEqual([{ date: "2026-12-24", country: null, name: "Christmas Eve" }]);
    expect(weeks.asks.map((a) => [a.initiative, a.sponsor, a.askedBy, a.status, a.response])).toEqual([
      ["churn-model", "ana", "bo", "open", null],
      ["churn-model", "ana", "bo", "declined", "Not this quarter"],
    ]);

    fresh = await createTestPulse({ clock: w.clock });
    await fresh.deps.store.ensureWorkspace("local", "shell", w.clock.now());
    const created = await importCsv(fresh.deps, "local", JSON.stringify(exported));
    expect(created.map((i) => i.slug)).toEqual(["churn-model"]);
    expect(weeksOf(await exportWorkspace(fresh.deps, "local"))).toEqual(weeks);
  });

  it("a JSON import with a bad part imports nothing", async () => {
    w = await world("2026-03-02T10:00:00Z");
    const { pulse } = w;
    const before = dumpDatabase(pulse);
    const bad = {
      initiatives: [{ slug: "x", name: "X", stage: "poc", sponsors: [{ id: "ana" }], leads: [] }],
      away: [{ person: "ana", from: "not a date", until: "2026-03-14T00:00:00.000Z", note: null }],
    };
    await expect(importCsv(pulse.deps, "local", JSON.stringify(bad))).rejects.toThrow("Nothing was imported");
    const unknown = {
      asks: [
        {
          initiative: "nope",
          sponsor: "ana",
          askedBy: null,
          text: "t",
          dueAt: null,
          createdAt: "2026-03-01T00:00:00.000Z",
          status: "open",
          response: null,
          respondedAt: null,
          closedAt: null,
        },
      ],
    };
    await expect(importCsv(pulse.deps, "local", JSON.stringify(unknown))).rejects.toThrow(
      "unknown initiatives",
    );
    expect(dumpDatabase(pulse)).toEqual(before);
  });
});

import { describe, expect, it } from "vitest";
import { engagementChart, PALETTE, type WeekCounts } from "../../../src/charts/model.js";
import { ENGAGEMENT_STATES } from "../../../src/engagement/model.js";

function week(label: string, engaged: number, lapsed: number, rest = 0): WeekCounts {
  return {
    label,
    end: new Date("2026-11-30T00:00:00Z"),
    counts: { engaged, cooling: rest, lapsing: 0, lapsed, unsponsored: 0 },
  };
}

describe("engagementChart", () => {
  it("stacks one series per engagement state, one bar per week, oldest first", () => {
    const chart = engagementChart([week("12 Oct", 31, 1, 8), week("19 Oct", 24, 5, 11)]);
    expect(chart.kind).toBe("stacked-bars");
    expect(chart.categories).toEqual(["12 Oct", "19 Oct"]);
    expect(chart.series.map((s) => s.tone)).toEqual([...ENGAGEMENT_STATES]);
    expect(chart.series[0]?.values).toEqual([31, 24]);
    expect(chart.summary).toBe("Engaged initiatives went from 31 to 24 of 40 over 2 weeks; 5 lapsed now.");
  });

  it("says so when nothing moved, for one week, and for none", () => {
    expect(engagementChart([week("a", 3, 0), week("b", 3, 0)]).summary).toBe(
      "Engaged initiatives stayed at 3 of 3 over 2 weeks; none lapsed.",
    );
    expect(engagementChart([week("a", 1, 0)]).summary).toBe(
      "1 of 1 initiative engaged this week; none lapsed.",
    );
    const empty = engagementChart([]);
    expect(empty.summary).toBe("No engagement history yet.");
    expect(empty.categories).toEqual([]);
  });

  it("gives every tone its own colour", () => {
    const colours = Object.values(PALETTE);
    expect(new Set(colours).size).toBe(colours.length);
  });
});

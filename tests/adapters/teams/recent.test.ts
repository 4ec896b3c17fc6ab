import { describe, expect, it } from "vitest";
import { RecentActivities } from "../../../adapters/teams/recent.js";

describe("recent activity ids", () => {
  it("a repeat within the time to live is refused; after it, or once evicted, accepted again", () => {
    let now = 0;
    const recent = new RecentActivities(1_000, 2, () => now);
    expect(recent.firstTime("a")).toBe(true);
    expect(recent.firstTime("a")).toBe(false);
    now = 1_000;
    expect(recent.firstTime("a")).toBe(true);
    expect(recent.firstTime("b")).toBe(true);
    expect(recent.firstTime("c")).toBe(true);
    // Capacity 2: "a", the oldest, was forgotten.
    expect(recent.firstTime("a")).toBe(true);
    expect(recent.firstTime("c")).toBe(false);
  });
});

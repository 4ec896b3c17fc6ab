import { describe, expect, it } from "vitest";
import { wholeSponsorBatch } from "../../../src/checkins/due-batch.js";

const group = (r: string) => r.split(":")[0] as string;

describe("a batch of due slots", () => {
  it("is every row when they fit", () => {
    expect(wholeSponsorBatch(["a:1", "b:1"], 3, group)).toEqual(["a:1", "b:1"]);
  });

  it("ends at the limit when the next row starts another sponsor", () => {
    expect(wholeSponsorBatch(["a:1", "a:2", "b:1", "c:1"], 3, group)).toEqual(["a:1", "a:2", "b:1"]);
  });

  it("stops before a sponsor's group the limit would cut", () => {
    expect(wholeSponsorBatch(["a:1", "b:1", "b:2", "b:3"], 3, group)).toEqual(["a:1"]);
  });

  it("cuts a group only when it is the whole batch", () => {
    expect(wholeSponsorBatch(["b:1", "b:2", "b:3", "b:4"], 3, group)).toEqual(["b:1", "b:2", "b:3"]);
  });
});

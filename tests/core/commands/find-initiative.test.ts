import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findInitiative, matchInitiatives } from "../../../src/commands/find-initiative.js";

const list = [
  { id: 1, slug: "churn-model", name: "Churn model" },
  { id: 2, slug: "churn", name: "Churn v2" },
  { id: 3, slug: "pricing", name: "CHURN" },
  { id: 4, slug: "copilot", name: "Copilot" },
];

/** What matching meant before the index: a scan of the whole list. */
function scan(all: typeof list, query: string) {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const exact = all.filter((i) => i.slug === q || i.name.toLowerCase() === q);
  if (exact.length > 0) return exact;
  return all.filter((i) => i.slug.includes(q) || i.name.toLowerCase().includes(q));
}

describe("matching an initiative by what someone typed", () => {
  it("prefers exact slugs and names (any case), in list order, over parts", () => {
    expect(matchInitiatives(list, "churn").map((i) => i.id)).toEqual([2, 3]);
    expect(matchInitiatives(list, "  Churn Model ").map((i) => i.id)).toEqual([1]);
    expect(matchInitiatives(list, "copilot").map((i) => i.id)).toEqual([4]);
    expect(matchInitiatives(list, "model").map((i) => i.id)).toEqual([1]);
    expect(matchInitiatives(list, "hur").map((i) => i.id)).toEqual([1, 2, 3]);
    expect(matchInitiatives(list, "   ")).toEqual([]);
  });

  it("finds one or says which ones match", () => {
    expect(findInitiative(list, "pricing").id).toBe(3);
    expect(() => findInitiative(list, "hur")).toThrow(/matches 3 initiatives/);
    expect(() => findInitiative(list, "nothing")).toThrow(/There is no initiative "nothing"/);
  });

  it("a caller changing the answer does not change the next one", () => {
    matchInitiatives(list, "churn").pop();
    expect(matchInitiatives(list, "churn").map((i) => i.id)).toEqual([2, 3]);
  });

  it("answers exactly as a scan of the list would, for any names and query", () => {
    const word = fc.stringMatching(/^[a-cA-C -]{0,6}$/);
    fc.assert(
      fc.property(
        fc.array(fc.record({ slug: fc.stringMatching(/^[a-c-]{1,5}$/), name: word }), { maxLength: 12 }),
        word,
        (rows, query) => {
          const all = rows.map((r, id) => ({ id, ...r }));
          expect(matchInitiatives(all, query)).toEqual(scan(all, query));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

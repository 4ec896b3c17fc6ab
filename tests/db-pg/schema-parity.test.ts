/**
 * db/pg/schema.ts mirrors db/schema.ts: same tables, same columns (SQL names and JS keys), so the
 * ports read alike and `copy` moves rows unchanged. The additions are the replicas' leases.
 */
import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as pgSchema from "../../db/pg/schema.js";
import * as liteSchema from "../../db/schema.js";

const PG_ONLY = new Set(["outbox.lease_until", "initiatives.plan_lease_until"]);

function shape(schema: Record<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(schema)) {
    if (!is(value, Table)) continue;
    const name = getTableName(value);
    const columns = Object.entries(getTableColumns(value))
      .map(([prop, col]) => `${prop}:${col.name}:${col.notNull ? "not null" : "null"}`)
      .filter((c) => !PG_ONLY.has(`${name}.${c.split(":")[1]}`));
    out.set(`${key}:${name}`, columns.sort());
  }
  return out;
}

describe("the PostgreSQL schema", () => {
  it("has every SQLite table and column, with the same names and nullability", () => {
    expect(shape(liteSchema).size).toBeGreaterThanOrEqual(18);
    expect(Object.fromEntries(shape(pgSchema))).toEqual(Object.fromEntries(shape(liteSchema)));
  });
});

/**
 * Small builders for the statements repositories write with drizzle's `sql`, over the tables of
 * db/schema.ts: the SQL they produce is the same on SQLite and PostgreSQL (both take `returning`,
 * `on conflict`, double-quoted names), and rows come back keyed by the tables' JS keys, so one row
 * mapper (db/repositories/rows.ts) reads both.
 */
import { type Column, getTableColumns, getTableName, type SQL, sql, type Table } from "drizzle-orm";

type Columns<T extends Table> = T["_"]["columns"];
type Values<T extends Table> = { [K in keyof Columns<T>]?: Columns<T>[K]["_"]["data"] | null | SQL };

function entries(table: Table): [string, Column][] {
  return Object.entries(getTableColumns(table));
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A table's column list, written once per table as plain text: it has no parameters, and rendering
 * the twenty-odd column objects on every call was most of a hot read's CPU (6× a cached one).
 */
function cachedPerTable(build: (table: Table) => string): (table: Table) => SQL {
  const texts = new WeakMap<Table, string>();
  return (table) => {
    let text = texts.get(table);
    if (text === undefined) {
      text = build(table);
      texts.set(table, text);
    }
    return sql.raw(text);
  };
}

/** `"t"."col" as "key", …`: every column of the table, aliased to its JS key. */
export const columns = cachedPerTable((table) =>
  entries(table)
    .map(([key, column]) => `${quote(getTableName(table))}.${quote(column.name)} as ${quote(key)}`)
    .join(", "),
);

/** `returning "col" as "key", …` (unqualified: SQLite's `returning` takes no table names). */
export const returning = cachedPerTable(
  (table) =>
    `returning ${entries(table)
      .map(([key, column]) => `${quote(column.name)} as ${quote(key)}`)
      .join(", ")}`,
);

function named<T extends Table>(table: T, values: Values<T>): [Column, unknown][] {
  const all = getTableColumns(table) as Record<string, Column>;
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => {
      const column = all[key];
      if (!column) throw new Error(`${key} is not a column`);
      return [column, v];
    });
}

/** `insert into "t" ("a", "b") values (…), (…)`; every row has the first row's keys. */
export function insertInto<T extends Table>(table: T, rows: Values<T>[]): SQL {
  const first = rows[0];
  if (!first) throw new Error("insert of no rows");
  const cols = named(table, first).map(([c]) => c);
  const keys = Object.keys(first).filter((k) => first[k as keyof typeof first] !== undefined);
  const tuples = rows.map(
    (row) =>
      sql`(${sql.join(
        keys.map((k) => sql`${row[k as keyof typeof row] ?? null}`),
        sql`, `,
      )})`,
  );
  return sql`insert into ${table} (${sql.join(
    cols.map((c) => sql.identifier(c.name)),
    sql`, `,
  )}) values ${sql.join(tuples, sql`, `)}`;
}

/** `"a" = …, "b" = …` for an update's `set`. */
export function assign<T extends Table>(table: T, values: Values<T>): SQL {
  return sql.join(
    named(table, values).map(([c, v]) => sql`${sql.identifier(c.name)} = ${v}`),
    sql`, `,
  );
}

/** `on conflict ("a", "b") do update set "x" = excluded."x", …` */
export function onConflictUpdate(target: Column[], set: Column[]): SQL {
  return sql`on conflict (${sql.join(
    target.map((c) => sql.identifier(c.name)),
    sql`, `,
  )}) do update set ${sql.join(
    set.map((c) => sql`${sql.identifier(c.name)} = excluded.${sql.identifier(c.name)}`),
    sql`, `,
  )}`;
}

/**
 * An id list written into the SQL, integers only: one chunk, where a bound parameter each made drizzle
 * render hundreds of chunks (~2 ms for 900 warm, several times that in a process's first reads), and
 * PostgreSQL refuses more than 65,535 parameters in one query.
 */
export function idList(ids: readonly number[]): SQL {
  for (const id of ids) if (!Number.isSafeInteger(id)) throw new TypeError(`Not an id: ${id}`);
  return sql.raw(ids.join(", "));
}

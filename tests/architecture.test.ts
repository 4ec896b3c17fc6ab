import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1] ?? "");
}

describe("dependency direction", () => {
  it("the core (src/, except the src/cli composition root) imports no adapter, db/ or SDK", () => {
    const forbidden =
      /^(\.\.\/)+(adapters|db)\/|^@slack\/|^botbuilder|^drizzle-orm|^better-sqlite3|^node-cron|^pg$/;
    const offenders = files(join(root, "src"))
      .filter((f) => !relative(root, f).startsWith("src/cli/"))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => forbidden.test(i))
          .map((i) => `${relative(root, f)} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it("botbuilder is imported only inside adapters/teams", () => {
    const offenders = [
      ...files(join(root, "src")),
      ...files(join(root, "adapters")),
      ...files(join(root, "db")),
    ]
      .filter((f) => !relative(root, f).startsWith("adapters/teams/"))
      .filter((f) => importsOf(f).some((i) => i.startsWith("botbuilder")))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it("adapters do not import each other", () => {
    const offenders = files(join(root, "adapters")).flatMap((f) => {
      const own = relative(join(root, "adapters"), f).split("/")[0];
      return importsOf(f)
        .filter((i) => /^\.\.\/(slack|teams|shell)\//.test(i) && !i.startsWith(`../${own}/`))
        .map((i) => `${relative(root, f)} → ${i}`);
    });
    expect(offenders).toEqual([]);
  });
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

/** The src/ file a relative import names, from the root ("src/core/message.ts"); undefined for packages. */
function target(file: string, spec: string): string | undefined {
  return spec.startsWith(".")
    ? relative(root, resolve(dirname(file), spec)).replace(/\.js$/, ".ts")
    : undefined;
}

/** Which src/ folder imports which: "asks -> core" with the files that do it. */
function folderEdges(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of files(join(root, "src"))) {
    const from = relative(join(root, "src"), file).split("/")[0] ?? "";
    for (const spec of importsOf(file)) {
      const to = target(file, spec);
      if (!to?.startsWith("src/")) continue;
      const folder = to.split("/")[1] ?? "";
      if (folder === from || folder.endsWith(".ts")) continue;
      const key = `${from} -> ${folder}`;
      edges.set(key, [...(edges.get(key) ?? []), `${relative(root, file)} → ${spec}`]);
    }
  }
  return edges;
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

  it("adapters do not import src/cli (the composition root imports them, not the other way)", () => {
    const offenders = files(join(root, "adapters")).flatMap((f) =>
      importsOf(f)
        .filter((i) => target(f, i)?.startsWith("src/cli/"))
        .map((i) => `${relative(root, f)} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe("floors of src/", () => {
  it("the ground floor (src/core: message, inbound, errors, clock, logger, platform, ports) imports nothing above it", () => {
    const offenders = files(join(root, "src", "core")).flatMap((f) =>
      importsOf(f)
        .filter((i) => {
          const to = target(f, i);
          return to !== undefined && !to.startsWith("src/core/");
        })
        .map((i) => `${relative(root, f)} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it("no two src folders import each other", () => {
    const edges = folderEdges();
    const mutual = [...edges.keys()]
      .map((key) => key.split(" -> ") as [string, string])
      .filter(([a, b]) => a < b && edges.has(`${b} -> ${a}`))
      .map(([a, b]) => [
        `${a} <-> ${b}`,
        ...(edges.get(`${a} -> ${b}`) ?? []),
        ...(edges.get(`${b} -> ${a}`) ?? []),
      ]);
    expect(mutual).toEqual([]);
  });

  it("the folders stack as floors: no import cycle runs through several src folders either", () => {
    const next = new Map<string, string[]>();
    for (const key of folderEdges().keys()) {
      const [from = "", to = ""] = key.split(" -> ");
      next.set(from, [...(next.get(from) ?? []), to]);
    }
    const cycles: string[] = [];
    const done = new Set<string>();
    const walk = (folder: string, path: string[]) => {
      for (const to of next.get(folder) ?? []) {
        if (path.includes(to)) cycles.push([...path.slice(path.indexOf(to)), to].join(" -> "));
        else if (!done.has(to)) walk(to, [...path, to]);
      }
      done.add(folder);
    };
    for (const folder of next.keys()) if (!done.has(folder)) walk(folder, [folder]);
    expect(cycles).toEqual([]);
  });
});

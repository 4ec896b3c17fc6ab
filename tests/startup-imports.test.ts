import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN } from "./support/cli.js";

const root = join(import.meta.dirname, "..");
const HOOK = join(import.meta.dirname, "support", "record-imports.mjs");
/** Packages that take most of a start's module loading; each only for the verb or platform that uses it. */
const HEAVY = ["pg", "@slack/bolt", "botbuilder", "date-holidays", "express"];

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function packageOf(url: string): string | undefined {
  return /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
}

/** Runs the CLI (the sources, through tsx) and returns the packages it loaded. */
async function packagesLoaded(
  args: string[],
  input = "",
): Promise<{ code: number | null; packages: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "pulse-imports-"));
  dirs.push(dir);
  const record = join(dir, "imports.txt");
  const child = spawn(process.execPath, ["--import", HOOK, BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      DATABASE_URL: join(dir, "pulse.db"),
      RECORD_IMPORTS_TO: record,
    },
    stdio: ["pipe", "ignore", "inherit"],
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((done) => child.on("close", done));
  const urls = existsSync(record) ? readFileSync(record, "utf8").split("\n") : [];
  const packages = [...new Set(urls.map(packageOf).filter((p): p is string => !!p))].sort();
  return { code, packages };
}

/** Static and dynamic imports of a module that survive compilation (`import type` is erased). */
function runtimeImports(source: string): string[] {
  const clause = String.raw`(?:\{[^}]*\}|\*\s+as\s+\w+|\w+(?:\s*,\s*\{[^}]*\})?)`;
  const patterns = [
    new RegExp(String.raw`^\s*import\s+(?!type\s)${clause}\s*from\s*"([^"]+)"`, "gm"),
    /^\s*export\s+(?!type\s)(?:\{[^}]*\}|\*(?:\s+as\s+\w+)?)\s*from\s*"([^"]+)"/gm,
    /^\s*import\s*"([^"]+)"/gm,
    /(?<!typeof\s*)\bimport\(\s*"([^"]+)"\s*\)/g,
  ];
  return patterns.flatMap((p) => [...source.matchAll(p)].map((m) => m[1] ?? ""));
}

/** Every package the compiled bin can load: the module graph from src/cli/main.ts, lazy imports included. */
function packagesReachable(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of runtimeImports(readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) {
        const target = resolve(dirname(file), specifier);
        queue.push(existsSync(target) ? target : target.replace(/\.js$/, ".ts"));
      } else if (!specifier.startsWith("node:")) {
        const name = specifier.startsWith("@")
          ? specifier.split("/").slice(0, 2).join("/")
          : specifier.split("/")[0];
        if (name && !packages.has(name)) packages.set(name, relative(root, file));
      }
    }
  }
  return packages;
}

describe("what the sponsor-pulse command loads", () => {
  it("--help loads none of the SDKs or database drivers", async () => {
    const { code, packages } = await packagesLoaded(["--help"]);
    expect(code).toBe(0);
    expect(packages.filter((p) => HEAVY.includes(p) || p === "better-sqlite3")).toEqual([]);
  });

  it("the terminal chat on SQLite loads neither Slack, Teams, express nor date-holidays", async () => {
    const { code, packages } = await packagesLoaded(["start", "--as", "ada"], "/pulse help\n");
    expect(code).toBe(0);
    // Proves the recording works: the chat did open its database.
    expect(packages).toContain("better-sqlite3");
    expect(packages.filter((p) => HEAVY.includes(p) && p !== "pg")).toEqual([]);
  });

  it("the bin reaches only runtime dependencies (tsx, fflate and the rest stay dev-only)", () => {
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(manifest.bin["sponsor-pulse"]).toBe("./dist/src/cli/main.js");
    const reachable = packagesReachable(join(root, "src", "cli", "main.ts"));
    // The graph walk itself is checked: the bin does reach the packages it needs.
    expect([...reachable.keys()]).toEqual(
      expect.arrayContaining(["@slack/bolt", "botbuilder", "date-holidays", "express", "pg", "zod"]),
    );
    const undeclared = [...reachable].filter(([name]) => !(name in manifest.dependencies));
    expect(undeclared.map(([name, from]) => `${name} (from ${from})`)).toEqual([]);
  });
});

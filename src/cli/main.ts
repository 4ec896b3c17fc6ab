#!/usr/bin/env node
/**
 * The `sponsor-pulse` command (package.json "bin", compiled to dist/src/cli/main.js). Only argument
 * parsing and help load up front; each verb imports what it needs when it runs, so `--help` or a
 * SQLite verb never loads the Slack, Teams or PostgreSQL SDKs.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadEnv } from "../config/env.js";
import { systemClock } from "../core/clock.js";
import { isPulseError } from "../core/errors.js";
import type { Runtime } from "./compose.js";
import { createConsoleLogger } from "./logger.js";
import { chooseWorkspace, emptyDigest, NOTHING_YET } from "./workspace.js";

const HELP: Record<string, string> = {
  "": `Usage: sponsor-pulse <command> [options]

Commands:
  start                 run the bot (Slack/Teams when configured, else the terminal chat)
  migrate               create or upgrade the database
  import <file.csv>     import initiatives (all rows or none)
  export                export initiatives, stage history and audit log
  digest --print        print the portfolio digest (text, md or json)
  demo                  16 simulated weeks of a small portfolio, in a few seconds
  tick [--now <ISO>]    run everything due as of that time (check-ins, reminders, escalations), once
  backup <file>         a consistent copy of the database, safe while the bot runs
  copy --from <url> --to <url>   move a whole installation between databases (SQLite file or postgres:// URL)
  dashboard-link --as <user> [--workspace <id>]   a sign-in link to the web dashboard, for a PMO admin
  --help                this help; \`sponsor-pulse <command> --help\` for one command

Environment: DATABASE_URL (default ./data/sponsor-pulse.db), PORT, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET,
SLACK_APP_TOKEN, SLACK_API_URL, MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID,
MICROSOFT_APP_TYPE, TEAMS_ENABLED, PMO_ADMINS, TZ_DEFAULT, PUBLIC_URL, DASHBOARD_SECRET.`,
  start: `Usage: sponsor-pulse start [--as <name>]

Runs the bot. With SLACK_BOT_TOKEN (+ SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for Socket Mode) it serves
Slack; with MICROSOFT_APP_ID (or TEAMS_ENABLED=1) it serves Teams; otherwise it chats in the terminal.
  --as <name>   the terminal's first speaker (a PMO admin of the local workspace)`,
  migrate:
    "Usage: sponsor-pulse migrate\n\nCreates the database at DATABASE_URL (SQLite file or postgres:// URL) or applies pending migrations.",
  copy: `Usage: sponsor-pulse copy --from <url> --to <url>

Copies every table from one database to another: a SQLite file path or a postgres:// URL on either side.
The target is migrated first and must be empty; the copy is one transaction and keeps every id. Stop the
bot (all replicas) while copying, then point DATABASE_URL at the target.`,
  import: `Usage: sponsor-pulse import <file.csv> [--workspace <id>]

Columns: name, sponsor, lead, stage, cadence, channel, success_metric, data_readiness (header row required;
sponsor and lead are user ids, several separated by ";"). A bad row is reported with its line number and
nothing from the file is written. --workspace defaults to "local" (the terminal's workspace).`,
  export: `Usage: sponsor-pulse export [--format csv|json] [--workspace <id>]

json (default): initiatives with their current state, stage history and audit log.
csv: one row per initiative, columns that \`import\` reads back plus slug, status, engagement.`,
  digest: `Usage: sponsor-pulse digest --print [--format text|md|json] [--workspace <id>] [--now <ISO>] [--channel <id>]

Prints the weekly PMO digest of the last 7 days to stdout, without any platform (workspace "local" unless
there is exactly one other). --channel limits it to one PMO channel's initiatives.`,
  backup: `Usage: sponsor-pulse backup <file>

Copies the database at DATABASE_URL to <file> with SQLite's online backup (consistent even while the bot
runs and writes), then checks the copy. Never overwrites an existing file.
Restore: stop the bot, remove the database file and its -wal and -shm files, copy the backup to
DATABASE_URL, start the bot.`,
  "dashboard-link": `Usage: sponsor-pulse dashboard-link --as <user> [--workspace <id>]

Prints a sign-in link to the web dashboard (served by \`sponsor-pulse start\` at /dashboard) for a PMO
admin: <user> is their platform user id (the terminal: their name). The link works once, for 15 minutes.
Links start with PUBLIC_URL (default http://localhost:PORT). --workspace as for digest.`,
  tick: `Usage: sponsor-pulse tick [--now <ISO time>]

Runs everything due as of that time (default: now) exactly once: closes missed check-ins, escalates,
sends due check-ins and reminders, then delivers. Safe to run twice, or beside a running bot.`,
};

type Verb = (args: string[]) => Promise<number>;

type StringOptions<K extends string> = { [key in K]: { type: "string" } };

/** Strict option parsing: an unknown option is an error naming it. Every verb takes --help. */
function options<K extends string>(args: string[], names: readonly K[]) {
  const spec = Object.fromEntries(names.map((n) => [n, { type: "string" }])) as StringOptions<K>;
  const parsed = parseArgs({
    args,
    options: { ...spec, help: { type: "boolean" as const } },
    allowPositionals: true,
    strict: true,
  });
  return {
    values: parsed.values as Partial<Record<K, string>> & { help?: boolean },
    positionals: parsed.positionals,
  };
}

async function runtime(): Promise<Runtime> {
  const { compose } = await import("./compose.js");
  const env = loadEnv(process.env);
  const logger = createConsoleLogger({
    secrets: [
      env.SLACK_BOT_TOKEN,
      env.SLACK_SIGNING_SECRET,
      env.SLACK_APP_TOKEN,
      env.MICROSOFT_APP_PASSWORD,
      env.DASHBOARD_SECRET,
    ].filter((s): s is string => !!s),
  });
  return compose(env, systemClock, logger);
}

const verbs: Record<string, Verb> = {
  async start(args) {
    const { values } = options(args, ["as"]);
    if (values.help) return help("start");
    const { startCommand } = await import("./start.js");
    return startCommand({ speaker: values.as });
  },
  async migrate(args) {
    const { values } = options(args, []);
    if (values.help) return help("migrate");
    const env = loadEnv(process.env);
    const { openDatabaseUrl } = await import("./database.js");
    const database = openDatabaseUrl(env.DATABASE_URL, systemClock);
    try {
      const applied = await database.migrate();
      const where = database.kind === "postgres" ? "PostgreSQL" : env.DATABASE_URL;
      console.log(`Database ready at ${where} (${applied} migrations applied).`);
      return 0;
    } finally {
      await database.close();
    }
  },
  async import(args) {
    const { values, positionals } = options(args, ["workspace"]);
    if (values.help) return help("import");
    const [file] = positionals;
    if (!file) return usageError("import", "Which file? sponsor-pulse import <file.csv>");
    if (!existsSync(file)) return usageError("import", `There is no file at ${file}.`);
    const text = readFileSync(file, "utf8");
    const { importCsv } = await import("../portfolio/import-export.js");
    const rt = await runtime();
    try {
      const workspaceId = values.workspace ?? "local";
      if (workspaceId === "local") await rt.deps.store.ensureWorkspace("local", "shell", rt.deps.clock.now());
      const created = await importCsv(rt.deps, workspaceId, text);
      console.log(
        `Imported ${created.length} initiative${created.length === 1 ? "" : "s"} into ${workspaceId}: ${created.map((i) => i.slug).join(", ")}`,
      );
      return 0;
    } finally {
      rt.close();
    }
  },
  async digest(args) {
    const parsed = parseArgs({
      args,
      options: {
        print: { type: "boolean" },
        help: { type: "boolean" },
        format: { type: "string" },
        workspace: { type: "string" },
        now: { type: "string" },
        channel: { type: "string" },
      },
      strict: true,
    });
    const values = parsed.values;
    if (values.help) return help("digest");
    if (!values.print)
      return usageError("digest", "Say --print: the scheduled digest is posted by the running bot.");
    const { DigestFormatSchema, renderDigest } = await import("../digest/render.js");
    const format = DigestFormatSchema.safeParse(values.format ?? "text");
    if (!format.success)
      return usageError("digest", `--format must be text, md or json, not "${values.format}".`);
    const now = values.now === undefined ? new Date() : new Date(values.now);
    if (Number.isNaN(now.getTime()))
      return usageError(
        "digest",
        `--now must be an ISO time like 2026-03-02T08:00:00Z, not "${values.now}".`,
      );
    const { digestNow } = await import("../digest/module.js");
    const rt = await runtime();
    try {
      const workspace = await chooseWorkspace(rt.deps.store, values.workspace);
      const digest = workspace.exists
        ? await digestNow(rt.digests, workspace.id, now, values.channel)
        : emptyDigest(now, rt.env.TZ_DEFAULT);
      process.stdout.write(`${renderDigest(digest, format.data).trimEnd()}\n`);
      return 0;
    } finally {
      rt.close();
    }
  },
  async demo(args) {
    const { values } = options(args, []);
    if (values.help) return help("");
    const { runDemo } = await import("./demo.js");
    await runDemo((line) => process.stdout.write(line));
    return 0;
  },
  async backup(args) {
    const { values, positionals } = options(args, []);
    if (values.help) return help("backup");
    const [file] = positionals;
    if (!file) return usageError("backup", "Where to? sponsor-pulse backup <file>");
    const env = loadEnv(process.env);
    const { backupFile } = await import("./backup.js");
    const report = await backupFile(env.DATABASE_URL, file);
    console.log(
      `Backed up ${env.DATABASE_URL} to ${report.file} (${report.pages} pages, integrity ${report.integrity}).`,
    );
    return report.integrity === "ok" ? 0 : 1;
  },
  async copy(args) {
    const { values } = options(args, ["from", "to"]);
    if (values.help) return help("copy");
    if (!values.from || !values.to)
      return usageError("copy", "Both are needed: sponsor-pulse copy --from <url> --to <url>");
    const { copyDatabase } = await import("./copy.js");
    const report = await copyDatabase(values.from, values.to);
    const biggest = report.tables.filter((t) => t.rows > 0).map((t) => `${t.table} ${t.rows}`);
    console.log(`Copied ${report.total} rows (${biggest.join(", ") || "no rows"}).`);
    return 0;
  },
  async tick(args) {
    const { values } = options(args, ["now"]);
    if (values.help) return help("tick");
    const now = values.now === undefined ? new Date() : new Date(values.now);
    if (Number.isNaN(now.getTime()))
      return usageError("tick", `--now must be an ISO time like 2026-03-02T09:00:00Z, not "${values.now}".`);
    const { attachAdapters } = await import("./adapters.js");
    const rt = await runtime();
    try {
      await attachAdapters(rt);
      const report = await rt.jobs.tick(now);
      console.log(
        `tick at ${now.toISOString()}: ${report.checkins} check-ins, ${report.reminders} reminders, ${report.missed} missed, ${report.escalations} escalations; delivered ${report.delivery.sent}, retrying ${report.delivery.retried}, failed ${report.delivery.failed}`,
      );
      return 0;
    } finally {
      rt.close();
    }
  },
  async "dashboard-link"(args) {
    const { values } = options(args, ["workspace", "as"]);
    if (values.help) return help("dashboard-link");
    if (!values.as) return usageError("dashboard-link", "For whom? Say --as <user id of a PMO admin>.");
    const { dashboardLink } = await import("./dashboard.js");
    const rt = await runtime();
    try {
      process.stdout.write(`${await dashboardLink(rt, values.workspace, values.as)}\n`);
      return 0;
    } finally {
      rt.close();
    }
  },
  async export(args) {
    const { values } = options(args, ["format", "workspace"]);
    if (values.help) return help("export");
    const format = values.format ?? "json";
    if (format !== "json" && format !== "csv")
      return usageError("export", `--format must be csv or json, not "${format}".`);
    const { exportWorkspace, initiativesCsv } = await import("../portfolio/import-export.js");
    const rt = await runtime();
    try {
      const workspace = await chooseWorkspace(rt.deps.store, values.workspace);
      if (!workspace.exists) console.error(NOTHING_YET);
      const data = await exportWorkspace(rt.deps, workspace.id);
      process.stdout.write(format === "csv" ? initiativesCsv(data) : `${JSON.stringify(data, null, 2)}\n`);
      return 0;
    } finally {
      rt.close();
    }
  },
};

function help(verb: string): number {
  console.log(HELP[verb] ?? HELP[""]);
  return 0;
}

function usageError(verb: string, message: string): number {
  console.error(`${message}\n\n${HELP[verb] ?? HELP[""]}`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") return help("");
  const run = verbs[verb];
  if (!run) return usageError("", `Unknown command "${verb}".`);
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isPulseError(error)) {
      console.error([error.message, ...error.details.map((d) => `  ${d}`)].join("\n"));
    } else if (
      error instanceof TypeError &&
      "code" in error &&
      String(error.code).startsWith("ERR_PARSE_ARGS")
    ) {
      console.error(`${error.message}. See --help.`);
    } else if (error instanceof Error && "code" in error && error.code === "ENOENT") {
      console.error(error.message);
    } else {
      console.error(`sponsor-pulse failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exitCode = 1;
  },
);

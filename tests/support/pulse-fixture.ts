import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compose, type Runtime } from "../../src/cli/compose.js";
import { loadEnv } from "../../src/config/env.js";
import { type Clock, ManualClock } from "../../src/core/clock.js";
import type { Actor, CommandName, Reply } from "../../src/core/inbound.js";
import { silentLogger } from "../../src/core/logger.js";
import type { ChatPlatform, Platform } from "../../src/core/platform.js";
import type { TickReport } from "../../src/jobs/tick.js";

export interface TestPulseOptions {
  /** A directory for the SQLite file; a fresh temp dir when omitted. */
  dir?: string;
  clock?: Clock;
  platforms?: ChatPlatform[];
  /** Platform user ids seeded as PMO admins (PMO_ADMINS). */
  admins?: string[];
  defaultTz?: string;
}

export type TestPulse = Runtime & {
  /** Runs every job due as of `now` (default: the clock's now), once. */
  tick(now?: Date): Promise<TickReport>;
  dir: string;
  file: string;
  clock: Clock;
  /** Convenience: a command as `userId` of `workspaceId` (default `local` on the shell). */
  run(
    userId: string,
    command: CommandName,
    text: string,
    workspaceId?: string,
    platform?: Platform,
  ): Promise<Reply[]>;
  close(): Promise<void>;
};

/** A real core on a real, migrated SQLite file — the same composition as `sponsor-pulse start`. */
export async function createTestPulse(options: TestPulseOptions = {}): Promise<TestPulse> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "pulse-"));
  const file = join(dir, "pulse.db");
  const env = loadEnv({
    DATABASE_URL: file,
    PMO_ADMINS: (options.admins ?? ["pmo"]).join(","),
    TZ_DEFAULT: options.defaultTz ?? "UTC",
  });
  const clock = options.clock ?? new ManualClock("2026-01-05T08:00:00Z");
  const rt = compose(env, clock, silentLogger);
  for (const platform of options.platforms ?? []) rt.platforms.set(platform.platform, platform);
  const ownsDir = options.dir === undefined;
  const closeDb = rt.close;
  return Object.assign(rt, {
    dir,
    file,
    clock,
    async tick(now?: Date) {
      return rt.jobs.tick(now ?? clock.now());
    },
    async run(
      userId: string,
      command: CommandName,
      text: string,
      workspaceId = "local",
      platform: Platform = "shell",
    ) {
      const actor: Actor = { platform, workspaceId, userId, displayName: userId };
      return rt.core.handle({ kind: "command", actor, command, text });
    },
    async close() {
      closeDb();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** All rows of every table, to prove a refused input changed nothing. */
export function dumpDatabase(rt: Runtime): Record<string, unknown[]> {
  const tables = rt.db.$client
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, rt.db.$client.prepare(`select * from "${name}"`).all()]),
  );
}

/** The text of a reply, markup stripped, for assertions. */
export function replyText(replies: Reply[]): string {
  return replies
    .map((r) =>
      [
        r.message.title,
        r.message.summary,
        ...r.message.sections.flatMap((s) => [
          s.heading,
          s.text,
          ...(s.lines ?? []),
          ...(s.fields ?? []).map((f) => `${f.label}: ${f.value}`),
        ]),
        r.message.context,
      ]
        .filter(Boolean)
        .join("\n"),
    )
    .join("\n")
    .replace(/\*\*/g, "");
}

import { userInfo } from "node:os";
import { createShellAdapter } from "../../adapters/shell/index.js";
import { loadEnv, platformsOf } from "../config/env.js";
import { systemClock } from "../core/clock.js";
import { dashboardRoutes } from "../dashboard/routes.js";
import { recoverInterrupted } from "../delivery/deliver.js";
import { attachAdapters } from "./adapters.js";
import { compose, type Runtime } from "./compose.js";
import { dashboardHandler, serveDashboard } from "./dashboard.js";
import { createConsoleLogger } from "./logger.js";
import { startTicker } from "./ticker.js";

function shellName(requested: string | undefined): string {
  const raw = requested ?? userInfo().username ?? "you";
  const name = raw.replace(/[^\p{L}\p{N}._-]/gu, "");
  return name || "you";
}

/** Terminal mode: the local workspace, its first speaker a PMO admin, stdin line by line. */
async function runShell(rt: Runtime, speaker: string): Promise<void> {
  const interactive = process.stdin.isTTY === true;
  const shell = createShellAdapter({
    speaker,
    write: (text) => process.stdout.write(text),
    echo: !interactive,
    tz: rt.env.TZ_DEFAULT,
  });
  rt.platforms.set("shell", shell.platform);
  const now = rt.deps.clock.now();
  await rt.deps.store.ensureWorkspace("local", "shell", now);
  const me = await rt.deps.store.upsertPerson(
    "local",
    speaker,
    { displayName: speaker, tz: rt.env.TZ_DEFAULT },
    now,
  );
  await rt.deps.store.setAdmin("local", me.id, true, {
    actor: null,
    label: "shell start",
    platform: "system",
    at: now,
  });
  if (interactive) {
    process.stdout.write(
      `Sponsor Pulse — terminal chat on ${rt.env.DATABASE_URL}. You are ${speaker} (PMO admin).\nType /pulse help for commands, :help for the shell's own verbs, Ctrl-D to leave.\n`,
    );
  }
  // The dashboard too, so `/pulse dashboard` gives a link that opens (piped input ends the process
  // before anyone could open one). A busy port leaves the chat working without it.
  const dashboard = interactive ? await serveDashboard(rt, rt.env.PORT) : undefined;
  if (interactive) {
    process.stdout.write(
      dashboard
        ? `The dashboard is at http://localhost:${rt.env.PORT}/dashboard (/pulse dashboard gives you a sign-in link).\n`
        : `The dashboard is not served: port ${rt.env.PORT} is in use (set PORT to another).\n`,
    );
  }
  await recoverInterrupted(rt.deps);
  const ticker = startTicker(rt, rt.deps.logger);
  try {
    // The catch-up tick first, then the typed lines: the tick yields between statements, and a
    // command run in the middle of it (a channel set) would change what it finds half way.
    await ticker.started;
    await shell.run(rt.core, process.stdin, interactive ? process.stdout : undefined);
  } finally {
    await ticker.stop();
    await new Promise<void>((resolve) => (dashboard ? dashboard.close(() => resolve()) : resolve()));
  }
}

/** Slack and/or Teams over one HTTP server on PORT, ticking every minute, until SIGINT/SIGTERM. */
async function serve(rt: Runtime): Promise<void> {
  const logger = rt.deps.logger;
  // express only when serving HTTP: the terminal chat never loads it.
  const { createHttpApp, listen } = await import("./http-server.js");
  const adapters = await attachAdapters(rt);
  const app = createHttpApp({
    routes: [...adapters.routes, ...dashboardRoutes(dashboardHandler(rt), logger)],
    logger,
    health: () => ({ platforms: adapters.names }),
  });
  const server = await listen(app, rt.env.PORT);
  await adapters.start();
  await recoverInterrupted(rt.deps);
  const ticker = startTicker(rt, logger);
  logger.info("sponsor pulse is serving", { port: rt.env.PORT, platforms: adapters.names });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  logger.info("shutting down");
  await ticker.stop();
  await adapters.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function startCommand(options: { speaker: string | undefined }): Promise<number> {
  const env = loadEnv(process.env);
  const secrets = [
    env.SLACK_BOT_TOKEN,
    env.SLACK_SIGNING_SECRET,
    env.SLACK_APP_TOKEN,
    env.MICROSOFT_APP_PASSWORD,
    env.DASHBOARD_SECRET,
  ];
  const logger = createConsoleLogger({ secrets: secrets.filter((s): s is string => !!s) });
  const rt = compose(env, systemClock, logger);
  const enabled = platformsOf(env);
  try {
    if (!enabled.slack && !enabled.teams) {
      await runShell(rt, shellName(options.speaker));
      return 0;
    }
    await serve(rt);
    return 0;
  } finally {
    rt.close();
  }
}

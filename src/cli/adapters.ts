import { platformsOf } from "../config/env.js";
import type { HttpRoute } from "../core/http-route.js";
import type { Runtime } from "./compose.js";

export interface AttachedAdapters {
  routes: HttpRoute[];
  names: string[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Creates the Slack and Teams adapters the environment asks for and registers their delivery
 * platforms with the core. Both can run in one process, on one HTTP server.
 */
export async function attachAdapters(rt: Runtime): Promise<AttachedAdapters> {
  const { env } = rt;
  const enabled = platformsOf(env);
  const routes: HttpRoute[] = [];
  const names: string[] = [];
  const starters: (() => Promise<void>)[] = [];
  const stoppers: (() => Promise<void>)[] = [];
  if (enabled.slack && env.SLACK_BOT_TOKEN) {
    // Loaded only when Slack is on: @slack/bolt takes most of a Slack start's module loading.
    const { createSlackAdapter } = await import("../../adapters/slack/index.js");
    const slack = createSlackAdapter({
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET ?? "",
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      core: rt.core,
      logger: rt.deps.logger,
      clock: rt.deps.clock,
    });
    rt.platforms.set("slack", slack.platform);
    routes.push(...slack.routes);
    names.push(env.SLACK_APP_TOKEN ? "slack (socket mode)" : "slack");
    starters.push(() => slack.start());
    stoppers.push(() => slack.stop());
  }
  if (enabled.teams) {
    // Loaded only when Teams is on: botbuilder alone adds ~0.7 s to every start (bench/startup.ts).
    const { createTeamsAdapter } = await import("../../adapters/teams/index.js");
    const appId = env.MICROSOFT_APP_ID ?? "";
    if (appId === "")
      rt.deps.logger.warn(
        "Teams runs WITHOUT authentication (MICROSOFT_APP_ID is empty): for local testing only",
      );
    const teams = createTeamsAdapter({
      appId,
      ...(env.MICROSOFT_APP_PASSWORD ? { appPassword: env.MICROSOFT_APP_PASSWORD } : {}),
      ...(env.MICROSOFT_APP_TENANT_ID ? { tenantId: env.MICROSOFT_APP_TENANT_ID } : {}),
      ...(env.MICROSOFT_APP_TYPE ? { appType: env.MICROSOFT_APP_TYPE } : {}),
      core: rt.core,
      refs: rt.database.stores.refs,
      logger: rt.deps.logger,
    });
    rt.platforms.set("teams", teams.platform);
    routes.push(...teams.routes);
    names.push("teams");
  }
  return {
    routes,
    names,
    async start() {
      for (const start of starters) await start();
    },
    async stop() {
      for (const stop of stoppers) await stop();
    },
  };
}

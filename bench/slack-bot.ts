/** The bot as `sponsor-pulse start` serves Slack over HTTP: a runtime over a SQLite file and its Slack adapter. */
import { createSlackAdapter } from "../adapters/slack/index.js";
import { compose } from "../src/cli/compose.js";
import { loadEnv } from "../src/config/env.js";
import { systemClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/logger.js";
import { BOT_TOKEN, SIGNING_SECRET } from "./constants.js";

export async function startSlackBot(file: string, apiUrl: string) {
  const rt = compose(loadEnv({ DATABASE_URL: file, TZ_DEFAULT: "UTC" }), systemClock, silentLogger);
  const slack = createSlackAdapter({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl,
    core: rt.core,
    logger: silentLogger,
  });
  rt.platforms.set("slack", slack.platform);
  await slack.start();
  return { rt, slack };
}

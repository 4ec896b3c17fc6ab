/**
 * The HTTP side of scenario 1, in its own process so the load generator does not share its event
 * loop: `real` is the bot as `sponsor-pulse start` serves it (createSlackAdapter + createHttpApp over
 * a migrated SQLite file); `bare` is a Bolt app on the same receiver settings that only acks.
 * Prints `{"port":…}` once listening, and `{"cpuMs":…}` (CPU used so far) on each SIGUSR2; stops on
 * SIGTERM.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, ExpressReceiver } from "@slack/bolt";
import express from "express";
import { createHttpApp } from "../src/cli/http-server.js";
import { silentLogger } from "../src/core/logger.js";
import { BOT_TOKEN, SIGNING_SECRET } from "./constants.js";
import { startSlackBot } from "./slack-bot.js";

const [mode, file, apiUrl] = process.argv.slice(2);

function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => resolve(server));
  });
}

async function real(): Promise<{ server: Server; close: () => void }> {
  if (!file || !apiUrl) throw new Error("usage: slash-server real <db file> <Slack API url>");
  const { rt, slack } = await startSlackBot(file, apiUrl);
  const server = await listen(createHttpApp({ routes: slack.routes, logger: silentLogger }));
  return { server, close: () => rt.close() };
}

async function bare(): Promise<{ server: Server; close: () => void }> {
  const receiver = new ExpressReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: "/slack/events",
    router: express.Router(),
  });
  const app = new App({ receiver, authorize: async () => ({ botToken: BOT_TOKEN }) });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  const http = express();
  http.use(receiver.router);
  return { server: await listen(http), close: () => {} };
}

const { server, close } = mode === "bare" ? await bare() : await real();
process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
// The server's own CPU per request is the fair comparison: the load generator shares the other core.
process.on("SIGUSR2", () => {
  const used = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuMs: (used.user + used.system) / 1000 })}\n`);
});
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => {
    close();
    process.exit(0);
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadEnv } from "../../src/config/env.js";
import { PulseError } from "../../src/core/errors.js";
import { runCli } from "../support/cli.js";
import { spawnBot, until } from "../support/fault-bot.js";
import { dumpFile, outboxCounts } from "../support/fault-db.js";
import { seededRandom, startFaultProxy } from "../support/fault-proxy.js";
import { recordResult } from "../support/fault-results.js";
import { seedDueCheckins } from "../support/fault-seed.js";
import { commandBody, interactionBody, postSigned, startSlackApiStub } from "../support/slack-api-stub.js";

/** Real-looking credentials: each must never appear in a log line, an error, an export or the database. */
const SECRETS = {
  SLACK_BOT_TOKEN: "xoxb-2718281828-3141592653-Zq8RvT2mWn4LpX7yKc1HbD9s",
  SLACK_SIGNING_SECRET: "5f0e8c2b9a71d4e36b0c8f2a1d9e7b43",
  SLACK_APP_TOKEN: "xapp-1-A0PULSE42-2718281828459-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
  MICROSOFT_APP_PASSWORD: "Qx8~Tz3.Vb7_Nm2-Kp5~Hr9.Jd4_Ws6-Lf1",
};
const APP_ID = "7d2f4a10-3b5c-4e6d-8f91-a2b3c4d5e6f7";

const dir = mkdtempSync(join(tmpdir(), "pulse-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function leaks(text: string): string[] {
  const found = Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
  // Any token-shaped string at all (a partial or another token) counts too.
  if (/xox[abpre]-\d/.test(text)) found.push("a Slack token");
  if (/xapp-\d/.test(text)) found.push("a Slack app token");
  return found;
}

describe("secrets never leave the process", () => {
  it("a whole run with faults, abuse and every CLI verb logs, prints and stores no secret", async () => {
    const file = join(dir, "pulse.db");
    await seedDueCheckins(dir, 20);
    const stub = await startSlackApiStub();
    const random = seededRandom(7);
    // Failures make the bot log errors, the place where a token would most likely slip out.
    const proxy = await startFaultProxy(stub.url, {
      decide: () => {
        const r = random();
        if (r < 0.05) return { kind: "status", status: 500 };
        if (r < 0.1) return { kind: "reset" };
        if (r < 0.15) return { kind: "status", status: 429, retryAfter: 0 };
        return { kind: "forward" };
      },
    });
    const env = {
      DATABASE_URL: file,
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
      SLACK_API_URL: proxy.apiUrl,
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: SECRETS.MICROSOFT_APP_PASSWORD,
      PMO_ADMINS: "U0PMO",
      LOG_LEVEL: "debug",
    };
    const outputs: string[] = [];
    const bot = await spawnBot(env);
    try {
      await bot.ready();
      const events = `${bot.baseUrl}/slack/events`;
      const signed = (user: string, command: string, text: string, id: string) =>
        postSigned(
          events,
          SECRETS.SLACK_SIGNING_SECRET,
          commandBody({
            team_id: "T1",
            user_id: user,
            user_name: user,
            channel_id: "C0PORT",
            command: `/${command}`,
            text,
            trigger_id: `trig-${id}`,
            response_url: stub.responseUrl(id),
          }),
        );
      await signed(
        "U0PMO",
        "initiative",
        "add Churn model --sponsor <@US00001> --lead <@ULEAD> --stage poc",
        "a",
      );
      await signed("ULEAD", "stage", "churn scaling", "b");
      await signed("UNOBODY", "initiative", "close churn because", "c");
      await signed("U0PMO", "pulse", "nonsense verb", "d");
      await postSigned(events, SECRETS.SLACK_SIGNING_SECRET, interactionBody({ type: "block_actions" }));
      await postSigned(events, "forged", commandBody({ command: "/stage", text: "churn ops" }));
      await fetch(`${bot.baseUrl}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer e30.e30.c2ln" },
        body: JSON.stringify({ type: "message", text: "stage churn ops", serviceUrl: "http://127.0.0.1:9/" }),
      });
      await until(() => ["a", "b", "c", "d"].every((id) => stub.responses(id).length > 0), 30_000);
      // The first delivery pass is over (what failed waits for a later tick, minutes away).
      await until(() => {
        const counts = outboxCounts(file);
        return (counts.sent ?? 0) > 0 && (counts.sending ?? 0) === 0;
      }, 30_000);
      // Through all of it (Web API faults, forged and malformed requests) the process stayed up.
      expect((await fetch(`${bot.baseUrl}/healthz`)).status).toBe(200);
      expect(bot.child.exitCode).toBeNull();
    } finally {
      await bot.stop();
      await proxy.close();
      await stub.close();
    }
    outputs.push(bot.stderr(), bot.stdout());

    const cliEnv = { ...env, SLACK_API_URL: "http://127.0.0.1:9/api/" };
    const runs = await Promise.all(
      [
        ["tick"],
        ["export", "--workspace", "T1"],
        ["export", "--format", "csv", "--workspace", "T1"],
        ["digest", "--print", "--workspace", "T1"],
        ["backup", join(dir, "copy.db")],
      ].map((args) => runCli(args, { env: cliEnv })),
    );
    for (const res of runs) outputs.push(res.stdout, res.stderr);
    // Bad configuration: the error names the variable, never its value.
    for (const bad of [
      { SLACK_APP_TOKEN: `x${SECRETS.SLACK_APP_TOKEN}` },
      { SLACK_BOT_TOKEN: `Bearer ${SECRETS.SLACK_BOT_TOKEN}` },
      { SLACK_SIGNING_SECRET: "", SLACK_APP_TOKEN: "" },
    ]) {
      expect(() => loadEnv({ ...cliEnv, ...bad })).toThrow(PulseError);
      try {
        loadEnv({ ...cliEnv, ...bad });
      } catch (error) {
        outputs.push(String(error), (error as Error).message);
      }
    }
    outputs.push(JSON.stringify(dumpFile(file)), JSON.stringify(dumpFile(join(dir, "copy.db"))));

    const all = outputs.join("\n");
    expect(bot.stderr()).toMatch(/"level":"(warn|error)"/);
    expect(leaks(all)).toEqual([]);
    recordResult("secrets", {
      logLines: all.split("\n").length,
      faultsInjected: proxy.totalInjected,
      secretsChecked: Object.keys(SECRETS).length,
      leaks: 0,
    });
  }, 90_000);
});

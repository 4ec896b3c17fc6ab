import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, spawnBot, until } from "../support/fault-bot.js";
import { dumpFile } from "../support/fault-db.js";
import { recordResult } from "../support/fault-results.js";
import {
  commandBody,
  interactionBody,
  postSigned,
  type SlackApiStub,
  slackSignature,
  startSlackApiStub,
} from "../support/slack-api-stub.js";

const BOT_TOKEN = "xoxb-9990001112-2223334445-AbuseTestTokenValue77";
const SIGNING_SECRET = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const APP_ID = "11111111-2222-3333-4444-555555555555";
const APP_PASSWORD = "Abuse~Test.AppPassword_0123456789";

let dir: string;
let file: string;
let stub: SlackApiStub;
let bot: BotProcess;
let events: string;
let n = 0;

/** A slash command as Slack would send it, answered through the stub's response_url `id`. */
function command(user: string, name: string, text: string, id = `c${++n}`) {
  return {
    id,
    body: commandBody({
      team_id: "T1",
      user_id: user,
      user_name: user.toLowerCase(),
      channel_id: "C0PORT",
      command: `/${name}`,
      text,
      trigger_id: `trig-${id}`,
      response_url: stub.responseUrl(id),
    }),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pulse-abuse-"));
  file = join(dir, "pulse.db");
  stub = await startSlackApiStub();
  bot = await spawnBot({
    DATABASE_URL: file,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: stub.apiUrl,
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: APP_PASSWORD,
    PMO_ADMINS: "U0PMO",
  });
  await bot.ready();
  events = `${bot.baseUrl}/slack/events`;
  const add = command(
    "U0PMO",
    "initiative",
    "add Churn model --sponsor <@U0SPONSOR> --lead <@U0LEAD> --stage poc",
  );
  expect((await postSigned(events, SIGNING_SECRET, add.body)).status).toBe(200);
  await until(() => stub.responses(add.id).length > 0);
});

afterAll(async () => {
  await bot.stop();
  await stub.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);
const stageMove = () => command("U0LEAD", "stage", "churn architecture --force agreed");
const post = (url: string, body: string, headers: Record<string, string>) =>
  fetch(url, { method: "POST", headers, body }).then(async (r) => ({
    status: r.status,
    text: await r.text(),
  }));

/** Each case: what it sends, the status it must get. Every one of them must leave the data as it was. */
const cases: [string, () => Promise<{ status: number }>, number][] = [
  [
    "Slack: forged signature",
    () => postSigned(events, SIGNING_SECRET, stageMove().body, { secret: "forged" }),
    401,
  ],
  [
    "Slack: no signature headers",
    () => post(events, stageMove().body, { "content-type": "application/x-www-form-urlencoded" }),
    401,
  ],
  [
    "Slack: body altered after signing",
    async () => {
      const ts = now();
      const signed = stageMove().body;
      return post(events, signed.replace("architecture", "operational"), {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(ts),
        "x-slack-signature": slackSignature(SIGNING_SECRET, ts, signed),
      });
    },
    401,
  ],
  [
    "Slack: stale timestamp, correctly signed",
    () => postSigned(events, SIGNING_SECRET, stageMove().body, { timestamp: now() - 6 * 60 }),
    401,
  ],
  [
    "Slack: non-numeric timestamp",
    () =>
      post(events, stageMove().body, {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": "yesterday",
        "x-slack-signature": "v0=00",
      }),
    401,
  ],
  [
    "Slack: body over 1 MB",
    () => postSigned(events, SIGNING_SECRET, `text=${"a".repeat(1024 * 1024 + 10)}`),
    413,
  ],
  [
    "Slack: malformed JSON",
    () => postSigned(events, SIGNING_SECRET, "{not json", { contentType: "application/json" }),
    400,
  ],
  [
    "Slack: malformed interaction payload",
    () => postSigned(events, SIGNING_SECRET, "payload=%7Bnot-json"),
    400,
  ],
  [
    "Slack: unknown payload type",
    () =>
      postSigned(
        events,
        SIGNING_SECRET,
        interactionBody({ type: "something_new", user: { id: "U0LEAD" }, team: { id: "T1" } }),
      ),
    200,
  ],
  [
    "Slack: block_actions with an unknown action",
    () =>
      postSigned(
        events,
        SIGNING_SECRET,
        interactionBody({
          type: "block_actions",
          user: { id: "U0LEAD", team_id: "T1" },
          team: { id: "T1" },
          trigger_id: "t-x",
          actions: [{ action_id: "drop.tables", value: "1", type: "button", action_ts: "1.2" }],
        }),
      ),
    200,
  ],
  [
    "Slack: an event without an event",
    () =>
      postSigned(events, SIGNING_SECRET, JSON.stringify({ type: "event_callback", team_id: "T1" }), {
        contentType: "application/json",
      }),
    200,
  ],
  [
    "Slack: a text/plain body",
    () => postSigned(events, SIGNING_SECRET, "stage churn operational", { contentType: "text/plain" }),
    400,
  ],
  [
    "Teams: no token",
    () =>
      post(`${bot.baseUrl}/api/messages`, JSON.stringify(teamsActivity()), {
        "content-type": "application/json",
      }),
    401,
  ],
  [
    "Teams: a token from a foreign issuer",
    () =>
      post(`${bot.baseUrl}/api/messages`, JSON.stringify(teamsActivity()), {
        "content-type": "application/json",
        authorization: `Bearer ${foreignToken()}`,
      }),
    401,
  ],
  [
    "Teams: a bearer that is not a JWT",
    () =>
      post(`${bot.baseUrl}/api/messages`, JSON.stringify(teamsActivity()), {
        "content-type": "application/json",
        authorization: "Bearer not.a.jwt",
      }),
    401,
  ],
  [
    "Teams: malformed JSON",
    () => post(`${bot.baseUrl}/api/messages`, "{not json", { "content-type": "application/json" }),
    400,
  ],
  [
    "Teams: body over 1 MB",
    () =>
      post(
        `${bot.baseUrl}/api/messages`,
        JSON.stringify({ ...teamsActivity(), text: "x".repeat(1_100_000) }),
        { "content-type": "application/json" },
      ),
    413,
  ],
  [
    "an unknown route",
    () => post(`${bot.baseUrl}/admin/reset`, "{}", { "content-type": "application/json" }),
    404,
  ],
];

function teamsActivity() {
  return {
    type: "message",
    text: "stage churn operational --force now",
    id: "1763889243112",
    channelId: "msteams",
    serviceUrl: "http://127.0.0.1:9/",
    from: { id: "29:attacker", name: "Mallory", aadObjectId: "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f" },
    conversation: {
      conversationType: "personal",
      tenantId: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
      id: "a:1",
    },
    recipient: { id: `28:${APP_ID}`, name: "Sponsor Pulse" },
    channelData: { tenant: { id: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d" } },
  };
}

/** Unsigned, from an issuer the Bot Framework does not trust: refused before any key lookup. */
function foreignToken(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part({ iss: "https://attacker.example", aud: APP_ID })}.c2ln`;
}

describe("abuse of the running bot's HTTP surface", () => {
  it("every abusive request gets its status, changes nothing and the process stays up", async () => {
    const before = dumpFile(file);
    const statuses: Record<string, number> = {};
    for (const [name, send, expected] of cases) {
      const res = await send();
      statuses[name] = res.status;
      expect(res.status, name).toBe(expected);
    }
    // Let anything acked and still running in the background finish before comparing.
    await new Promise((r) => setTimeout(r, 200));
    expect(dumpFile(file)).toEqual(before);
    expect((await fetch(`${bot.baseUrl}/healthz`)).status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
    const log = bot.stderr();
    expect(log).not.toContain(BOT_TOKEN);
    expect(log).not.toContain(SIGNING_SECRET);
    expect(log).not.toContain(APP_PASSWORD);
    recordResult("http", { requests: cases.length, dataChanges: 0, crashes: 0 });
  });

  it("a body announced over 1 MB is refused before it is read", async () => {
    const statusByPath: Record<string, number> = {};
    for (const path of ["/slack/events", "/api/messages"]) {
      // 50 MB announced, 1 KB sent: the answer must come without waiting for (or buffering) the rest.
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${bot.baseUrl}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) },
        });
        req.on("response", (res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on("error", reject);
        req.write("x".repeat(1024));
        // A hang guard: a server that waits for the other 50 MB never answers.
        setTimeout(() => resolve(-1), 10_000).unref();
      });
      statusByPath[path] = status;
    }
    expect(statusByPath).toEqual({ "/slack/events": 413, "/api/messages": 413 });
    expect((await fetch(`${bot.baseUrl}/healthz`)).status).toBe(200);
  });

  it("a replayed signed request is not handled twice", async () => {
    const move = stageMove();
    const ts = now();
    expect((await postSigned(events, SIGNING_SECRET, move.body, { timestamp: ts })).status).toBe(200);
    await until(() => stub.responses(move.id).length > 0);
    const after = dumpFile(file);
    expect((await postSigned(events, SIGNING_SECRET, move.body, { timestamp: ts })).status).toBe(200);
    expect((await postSigned(events, SIGNING_SECRET, move.body, { timestamp: ts, retryNum: 1 })).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(dumpFile(file)).toEqual(after);
    expect((after.stage_history as unknown[]).length).toBe(2);
  });

  it("a thousand concurrent forged requests: all refused, the bot still answers a real one", async () => {
    const forged = await Promise.all(
      Array.from({ length: 1000 }, () =>
        postSigned(events, SIGNING_SECRET, stageMove().body, { secret: "forged" }).then((r) => r.status),
      ),
    );
    expect(new Set(forged)).toEqual(new Set([401]));
    const list = command("U0PMO", "initiative", "list");
    expect((await postSigned(events, SIGNING_SECRET, list.body)).status).toBe(200);
    await until(() => stub.responses(list.id).length > 0);
    expect(JSON.stringify(stub.responses(list.id))).toContain("Churn model");
  });
});

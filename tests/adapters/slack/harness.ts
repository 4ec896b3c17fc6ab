import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackAdapterConfig,
} from "../../../adapters/slack/index.js";
import { createHttpApp, listen } from "../../../src/cli/http-server.js";
import type { Actor, Inbound, Reply } from "../../../src/core/inbound.js";
import type { Logger } from "../../../src/core/logger.js";
import { type Message, textMessage } from "../../../src/core/message.js";
import type { PulseCore } from "../../../src/core/pulse.js";
import { type SlackApiStub, startSlackApiStub } from "../../support/slack-api-stub.js";

export const BOT_TOKEN = "xoxb-123456789012-abcdefghijklmnop";
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** The people of the fixtures, as users.info knows them. */
export const PEOPLE = [
  { id: "U2147483697", name: "ana", real_name: "Ana Lima", tz: "Europe/Lisbon" },
  { id: "U0SPONSOR", name: "maria", real_name: "Maria Chen", tz: "America/New_York" },
  { id: "U0LEAD", name: "leo", real_name: "Leo Park", tz: "Europe/Berlin" },
  { id: "U0PMO", name: "pat", real_name: "Pat Doyle", tz: "Europe/London" },
];

/** Captures every log line so tests can assert on what was (and was not) logged. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (level: string) => (msg: string, ctx?: Record<string, unknown>) => {
    lines.push(
      `${level} ${msg} ${JSON.stringify(ctx ?? {}, (_k, v) => (v instanceof Error ? v.message : v))}`,
    );
  };
  return { lines, debug: rec("debug"), info: rec("info"), warn: rec("warn"), error: rec("error") };
}

/** A PulseCore double: records what it is handed and answers with what the test decides. */
export class RecordingCore implements PulseCore {
  readonly inbounds: Inbound[] = [];
  readonly homes: Actor[] = [];
  answer: (inbound: Inbound) => Reply[] | Promise<Reply[]> = () => [
    { audience: "ephemeral", message: textMessage("ok") },
  ];
  homeMessage: Message = textMessage("Your initiatives");

  async handle(inbound: Inbound): Promise<Reply[]> {
    this.inbounds.push(inbound);
    return this.answer(inbound);
  }

  async home(actor: Actor): Promise<Message> {
    this.homes.push(actor);
    return this.homeMessage;
  }
}

export interface Harness {
  stub: SlackApiStub;
  adapter: SlackAdapter;
  logger: ReturnType<typeof recordingLogger>;
  /** http://127.0.0.1:<port>/slack/events */
  eventsUrl: string;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real Bolt app behind the shared HTTP server, talking to a local Slack API stand-in. */
export async function startHarness(
  core: PulseCore,
  extra: Partial<SlackAdapterConfig> = {},
  stubArg?: SlackApiStub,
): Promise<Harness> {
  const stub = stubArg ?? (await startSlackApiStub());
  for (const user of PEOPLE) stub.addUser(user);
  const logger = recordingLogger();
  const adapter = createSlackAdapter({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: stub.apiUrl,
    core,
    logger,
    retry: { attempts: 4, minDelayMs: 10, maxDelayMs: 20 },
    ...extra,
  });
  await adapter.start();
  const server: Server = await listen(createHttpApp({ routes: adapter.routes, logger }), 0, "127.0.0.1");
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    stub,
    adapter,
    logger,
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    async close() {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!stubArg) await stub.close();
    },
  };
}

/** Waits until `check` passes: replies are posted after the ack, so tests poll for their effect. */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

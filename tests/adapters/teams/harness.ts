import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ConversationRefStore,
  createTeamsAdapter,
  type TeamsAdapter,
} from "../../../adapters/teams/index.js";
import { closeDatabase, type Db, openDatabase } from "../../../db/client.js";
import { sqliteExecutor } from "../../../db/sqlite/executor.js";
import { createConversationRefStore } from "../../../db/stores/conversation-refs.js";
import { createHttpApp, listen } from "../../../src/cli/http-server.js";
import type { Actor, Inbound, Reply } from "../../../src/core/inbound.js";
import type { Logger } from "../../../src/core/logger.js";
import { type Message, textMessage } from "../../../src/core/message.js";
import type { PulseCore } from "../../../src/core/pulse.js";
import { type ConnectorStub, startConnectorStub } from "../../support/connector-stub.js";

const fixtures = join(import.meta.dirname, "../../fixtures/teams");

let sequence = 0;

/** A fixture activity with its serviceUrl pointed at the connector stub and an id of its own. */
export function fixture(name: string, serviceUrl: string, patch: Record<string, unknown> = {}) {
  const text = readFileSync(join(fixtures, `${name}.json`), "utf8");
  const activity = JSON.parse(text) as Record<string, unknown>;
  return { ...activity, id: `${String(activity.id)}${++sequence}`, ...patch, serviceUrl };
}

export interface LogLine {
  level: keyof Logger;
  msg: string;
  context?: Record<string, unknown>;
}

export function recordingLogger(lines: LogLine[]): Logger {
  const at = (level: keyof Logger) => (msg: string, context?: Record<string, unknown>) => {
    lines.push({ level, msg, ...(context ? { context } : {}) });
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A PulseCore double that records what it is asked and answers with scripted replies. */
export class RecordingCore implements PulseCore {
  readonly inbound: Inbound[] = [];
  answer: (inbound: Inbound) => Reply[] = (inbound) => [
    {
      audience: "ephemeral",
      message: textMessage(`ok ${inbound.kind === "command" ? inbound.command : inbound.actionId}`),
    },
  ];

  async handle(inbound: Inbound): Promise<Reply[]> {
    this.inbound.push(inbound);
    return this.answer(inbound);
  }

  async home(actor: Actor): Promise<Message> {
    return textMessage(`home of ${actor.userId}`);
  }
}

export interface Harness {
  url: string;
  stub: ConnectorStub;
  db: Db;
  refs: ConversationRefStore;
  teams: TeamsAdapter;
  logs: LogLine[];
  sleeps: number[];
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  core: PulseCore;
  appId?: string;
  appPassword?: string;
  openIdMetadataUrl?: string;
  requestTimeoutMs?: number;
  /** Reuse a database (e.g. the real core's). */
  db?: Db;
}

/** The real CloudAdapter behind the shared HTTP app on 127.0.0.1, with a connector stub and SQLite. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "pulse-teams-"));
  const db = options.db ?? openDatabase(join(dir, "pulse.db"));
  const stub = await startConnectorStub();
  const logs: LogLine[] = [];
  const sleeps: number[] = [];
  const logger = recordingLogger(logs);
  const refs = createConversationRefStore(sqliteExecutor(db));
  const teams = createTeamsAdapter({
    appId: options.appId ?? "",
    ...(options.appPassword ? { appPassword: options.appPassword } : {}),
    ...(options.openIdMetadataUrl ? { openIdMetadataUrl: options.openIdMetadataUrl } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    core: options.core,
    refs,
    logger,
    retry: {
      baseDelayMs: 5,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  });
  const app = createHttpApp({ routes: teams.routes, logger });
  const server: Server = await listen(app, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stub,
    db,
    refs,
    teams,
    logs,
    sleeps,
    async post(activity, headers = {}) {
      const res = await fetch(`${url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // plain-text bodies (e.g. the SDK's 401 message) stay strings
      }
      return { status: res.status, body };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stub.close();
      if (!options.db) closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

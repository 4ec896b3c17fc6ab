import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// ws is already installed (Socket Mode and the Bot Framework use it); `WebSocket.Server` works in 7 and 8.
import WebSocket from "ws";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/index.js";
import { textMessage } from "../../../src/core/message.js";
import { type SlackApiStub, startSlackApiStub } from "../../support/slack-api-stub.js";
import { BOT_TOKEN, eventually, RecordingCore, recordingLogger, SIGNING_SECRET } from "./harness.js";

const APP_TOKEN = "xapp-1-A0001-1234567890-abcdef0123456789";

let stub: SlackApiStub;
let wss: WebSocket.Server;
let sockets: WebSocket[];
let received: { envelope_id?: string }[];
let adapter: SlackAdapter;
let core: RecordingCore;
const logger = recordingLogger();

beforeEach(async () => {
  stub = await startSlackApiStub();
  sockets = [];
  received = [];
  wss = new WebSocket.Server({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  wss.on("connection", (socket) => {
    sockets.push(socket);
    socket.on("message", (data) => received.push(JSON.parse(String(data))));
    socket.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0001" } }));
  });
  stub.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
  core = new RecordingCore();
  core.answer = () => [{ audience: "ephemeral", message: textMessage("Over the socket") }];
  adapter = createSlackAdapter({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: APP_TOKEN,
    apiUrl: stub.apiUrl,
    core,
    logger,
    retry: { attempts: 2, minDelayMs: 10, maxDelayMs: 20 },
  });
});
afterEach(async () => {
  await adapter.stop();
  for (const socket of sockets) socket.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await stub.close();
});

describe("Socket Mode", () => {
  it("has no HTTP route, connects with the app token and handles a slash command envelope", async () => {
    expect(adapter.routes).toEqual([]);
    await adapter.start();
    expect(stub.callsOf("apps.connections.open")).toHaveLength(1);
    await eventually(() => expect(sockets).toHaveLength(1));
    sockets[0]?.send(
      JSON.stringify({
        envelope_id: "env-1",
        type: "slash_commands",
        accepts_response_payload: true,
        payload: {
          team_id: "T0001",
          user_id: "U0PMO",
          user_name: "pat",
          channel_id: "C0PORT",
          command: "/pulse",
          text: "help",
          trigger_id: "trig-socket",
          response_url: stub.responseUrl("socket"),
        },
      }),
    );
    await eventually(() => expect(received.some((m) => m.envelope_id === "env-1")).toBe(true));
    await eventually(() => expect(stub.responses("socket")).toHaveLength(1));
    expect(core.inbounds[0]).toMatchObject({ kind: "command", command: "pulse", text: "help" });
    expect(logger.lines.join("\n")).not.toContain(APP_TOKEN);
  });
});

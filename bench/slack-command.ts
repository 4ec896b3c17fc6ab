/** Slash commands as Slack sends them to the bot under bench: form-encoded and signed. */
import { slackSignature } from "../tests/support/slack-api-stub.js";
import { SIGNING_SECRET } from "./constants.js";
import type { PacedRequest } from "./paced-load.js";
import { PMO_USER, WORKSPACE } from "./seed.js";

/** `/stage <text>` from the PMO admin; request `i` gets its own response_url and trigger id. */
export function stageCommand(i: number, text: string, responseUrl: string): string {
  return new URLSearchParams({
    token: "legacy",
    team_id: WORKSPACE,
    team_domain: "bench",
    channel_id: "CBENCH",
    channel_name: "bench",
    user_id: PMO_USER,
    user_name: "pmo",
    command: "/stage",
    text,
    api_app_id: "ABENCH",
    response_url: responseUrl,
    trigger_id: `trigger.${i}.${Date.now()}`,
  }).toString();
}

/** The headers that make `body` a request from Slack (signed now). */
export function signedRequest(body: string): PacedRequest {
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": slackSignature(SIGNING_SECRET, ts, body),
    },
  };
}

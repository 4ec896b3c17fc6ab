import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { COMMANDS } from "../../../src/core/inbound.js";

const root = join(import.meta.dirname, "../../..");

const ManifestSchema = z.object({
  display_information: z.object({
    name: z.string().min(1).max(35),
    description: z.string().max(140),
    long_description: z.string().min(175).max(4000),
  }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.literal(true) }),
    bot_user: z.object({ display_name: z.string().min(1) }),
    slash_commands: z.array(
      z.object({
        command: z.string().regex(/^\/[a-z-]+$/),
        url: z.string().url(),
        description: z.string().min(1).max(2000),
        usage_hint: z.string().min(1).max(1000),
        should_escape: z.literal(true),
      }),
    ),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.string().url(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true), request_url: z.string().url() }),
    socket_mode_enabled: z.literal(false),
  }),
});

const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("manifest.json", () => {
  it("lists every command the code handles, each pointing at /slack/events", () => {
    expect(manifest.features.slash_commands.map((c) => c.command.slice(1)).sort()).toEqual(
      [...COMMANDS].sort(),
    );
    for (const command of manifest.features.slash_commands) {
      expect(new URL(command.url).pathname).toBe("/slack/events");
    }
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe("/slack/events");
  });

  it("subscribes to the events the adapter listens to", () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_home_opened"]);
  });

  it("asks for the scopes of every Web API method the adapter calls", () => {
    const code = sources(join(root, "adapters/slack"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const needs: Record<string, string[]> = {
      "conversations.open": ["im:write"],
      "chat.postMessage": ["chat:write"],
      "chat.update": ["chat:write"],
      "chat.postEphemeral": ["chat:write"],
      "users.info": ["users:read"],
      "conversations.history": ["im:history"],
      "files.getUploadURLExternal": ["files:write"],
      "files.completeUploadExternal": ["files:write"],
    };
    const scopes = new Set(manifest.oauth_config.scopes.bot);
    expect(scopes.has("commands")).toBe(true);
    // Called through the client's method, or by name through client.apiCall.
    const called = Object.keys(needs).filter(
      (method) => code.includes(`client.${method}(`) || code.includes(`apiCall("${method}"`),
    );
    expect(called).toHaveLength(Object.keys(needs).length);
    for (const [method, required] of Object.entries(needs)) {
      for (const scope of required) expect(scopes, `${method} needs ${scope}`).toContain(scope);
    }
  });
});

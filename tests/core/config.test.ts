import { describe, expect, it } from "vitest";
import { loadEnv, platformsOf } from "../../src/config/env.js";

describe("environment", () => {
  it("has working defaults with nothing set", () => {
    const env = loadEnv({});
    expect(env.DATABASE_URL).toBe("./data/sponsor-pulse.db");
    expect(env.PORT).toBe(3000);
    expect(env.TZ_DEFAULT).toBe("UTC");
    expect(env.PMO_ADMINS).toEqual([]);
    expect(platformsOf(env)).toEqual({ slack: false, teams: false });
  });

  it("parses admins and platforms", () => {
    const env = loadEnv({
      PMO_ADMINS: "U1, U2,,",
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      TEAMS_ENABLED: "1",
      MICROSOFT_APP_ID: "",
    });
    expect(env.PMO_ADMINS).toEqual(["U1", "U2"]);
    expect(platformsOf(env)).toEqual({ slack: true, teams: true });
  });

  it.each([
    [{ PORT: "80a" }, /^PORT must be a port number from 1 to 65535, got "80a"\.$/],
    [{ PORT: "70000" }, /^PORT must be a port number/],
    [{ TZ_DEFAULT: "Mars/Olympus" }, /^TZ_DEFAULT must be an IANA time zone/],
    [{ TEAMS_ENABLED: "maybe" }, /^TEAMS_ENABLED must be 1\/true/],
    [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL must be a SQLite file path or a postgres:\/\/ URL/],
    [{ SLACK_API_URL: "not a url" }, /^SLACK_API_URL must be a URL/],
    [{ MICROSOFT_APP_TYPE: "Other" }, /^MICROSOFT_APP_TYPE must be MultiTenant/],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, /^SLACK_SIGNING_SECRET is missing/],
  ])("names the bad variable: %o", (source, expected) => {
    expect(() => loadEnv(source)).toThrow(expected);
  });

  it("never echoes a secret's value", () => {
    try {
      loadEnv({ SLACK_BOT_TOKEN: "not-a-bot-token-very-secret" });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toContain("SLACK_BOT_TOKEN must be a bot token");
      expect(String(error)).not.toContain("very-secret");
    }
  });
});

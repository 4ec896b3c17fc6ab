import { z } from "zod";
import { PulseError } from "../core/errors.js";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const flag = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return false;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    ctx.addIssue({ code: "custom", message: `must be 1/true/yes/on or 0/false/no/off, got "${v}"` });
    return z.NEVER;
  });

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every environment variable of DESIGN.md, validated at start. */
export const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : "./data/sponsor-pulse.db"))
    .refine((v) => !/^[a-z]+:\/\//i.test(v) || /^postgres(ql)?:\/\//i.test(v), {
      message: "must be a SQLite file path or a postgres:// URL",
    }),
  PORT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return 3000;
      const port = Number(v);
      if (!/^\d+$/.test(v.trim()) || port < 1 || port > 65535) {
        ctx.addIssue({ code: "custom", message: `must be a port number from 1 to 65535, got "${v}"` });
        return z.NEVER;
      }
      return port;
    }),
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xoxb-"), {
    message: "must be a bot token starting with xoxb-",
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xapp-"), {
    message: "must be an app-level token starting with xapp-",
  }),
  SLACK_API_URL: optionalString.refine((v) => v === undefined || URL.canParse(v), {
    message: "must be a URL",
  }),
  // An empty MICROSOFT_APP_ID is meaningful (anonymous local Teams), so keep "" apart from unset.
  MICROSOFT_APP_ID: z.string().optional(),
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: optionalString.refine(
    (v) => v === undefined || ["MultiTenant", "SingleTenant", "UserAssignedMSI"].includes(v),
    { message: "must be MultiTenant, SingleTenant or UserAssignedMSI" },
  ),
  TEAMS_ENABLED: flag,
  PMO_ADMINS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  TZ_DEFAULT: optionalString
    .transform((v) => v ?? "UTC")
    .refine(validTimeZone, { message: "must be an IANA time zone such as Europe/London" }),
  /** Where people reach the dashboard (links in DMs); http://localhost:PORT when unset. */
  PUBLIC_URL: optionalString
    .refine((v) => v === undefined || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)), {
      message: "must be an http:// or https:// URL such as https://pulse.example.com",
    })
    .transform((v) => v?.replace(/\/+$/, "")),
  /** Signs dashboard links and sessions; without it a random secret is kept in the database. */
  DASHBOARD_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: "must be at least 32 characters",
  }),
});

export type Env = z.infer<typeof EnvSchema>;

const SECRET_VARS = new Set([
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "MICROSOFT_APP_PASSWORD",
  "DASHBOARD_SECRET",
]);

/** Parses the environment; a bad variable becomes one line naming it (never echoing a secret's value). */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) {
    const env = result.data;
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      throw new PulseError(
        "config",
        "SLACK_SIGNING_SECRET is missing: Slack over HTTP needs it (or set SLACK_APP_TOKEN for Socket Mode).",
      );
    }
    return env;
  }
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? "environment");
  const message = issue?.message ?? "is invalid";
  const shown = SECRET_VARS.has(name) ? message.replace(/, got ".*"$/, "") : message;
  throw new PulseError("config", `${name} ${shown}.`);
}

/** Which platforms the environment turns on; none means the terminal. */
export function platformsOf(env: Env): { slack: boolean; teams: boolean } {
  return {
    slack: env.SLACK_BOT_TOKEN !== undefined,
    teams: env.TEAMS_ENABLED || (env.MICROSOFT_APP_ID !== undefined && env.MICROSOFT_APP_ID !== ""),
  };
}

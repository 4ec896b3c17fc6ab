import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { z } from "zod";
import { colorIcon, outlineIcon } from "./icons.js";

export const MANIFEST_PATH = new URL("./manifest.json", import.meta.url);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the package needs from the environment. */
export const PackageEnvSchema = z.object({
  MICROSOFT_APP_ID: z.string().regex(GUID, "MICROSOFT_APP_ID must be the bot's app id (a GUID)"),
  BOT_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?$/i, "BOT_DOMAIN must be a host name such as pulse.example.com")
    .default("sponsor-pulse.example.com"),
});
export type PackageEnv = z.infer<typeof PackageEnvSchema>;

/** The manifest with its `${{NAME}}` placeholders filled. */
export function fillManifest(template: string, values: Record<string, string>): Record<string, unknown> {
  const filled = template.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  const left = /\$\{\{([A-Z0-9_]+)\}\}/.exec(filled);
  if (left) throw new Error(`No value for ${left[1]} in the Teams manifest`);
  return JSON.parse(filled) as Record<string, unknown>;
}

/** The zip to upload in Teams (Apps → Manage your apps → Upload) or the Developer Portal. */
export function buildTeamsPackage(env: Record<string, string | undefined>): Uint8Array {
  const parsed = PackageEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "));
  }
  const manifest = fillManifest(readFileSync(MANIFEST_PATH, "utf8"), parsed.data);
  return zipSync({
    "manifest.json": strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
    "color.png": colorIcon(),
    "outline.png": outlineIcon(),
  });
}

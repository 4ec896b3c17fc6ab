/** `npm run teams:package`: writes dist/sponsor-pulse-teams.zip from the manifest and env. */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildTeamsPackage } from "./app-package.js";

const out = resolve(process.argv[2] ?? "dist/sponsor-pulse-teams.zip");
try {
  const zip = buildTeamsPackage(process.env);
  mkdirSync(resolve(out, ".."), { recursive: true });
  writeFileSync(out, zip);
  process.stdout.write(`Wrote ${out} (${zip.length} bytes): upload it in Teams or the Developer Portal.\n`);
} catch (error) {
  process.stderr.write(`teams:package: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

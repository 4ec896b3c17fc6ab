import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

describe("retired Slack Web API methods", () => {
  it("nothing calls files.upload (retired 12 November 2025; uploads go through files.getUploadURLExternal)", () => {
    const files = [...sources("adapters"), ...sources("src")];
    expect(files.length).toBeGreaterThan(20);
    // `files.upload(` or `filesUpload(`, the v1 call; `uploadV2` uses the external-upload methods.
    const legacy = /\bfiles\.upload\s*\(|["']files\.upload["']|\bfilesUpload\s*\(/;
    expect(files.filter((f) => legacy.test(readFileSync(f, "utf8")))).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildTeamsPackage, fillManifest } from "../../../adapters/teams/app-package.js";
import { COMMANDS } from "../../../src/core/inbound.js";
import { compileSchema, readSchema } from "./json-schema.js";

const root = join(import.meta.dirname, "../../..");
const template = readFileSync(join(root, "adapters/teams/manifest.json"), "utf8");
const APP_ID = "0f6d3c2b-1a09-4e8d-9c7b-6a5f4e3d2c1b";
const SCHEMA = "MicrosoftTeams.v1.30.schema.json";

const validator = () => compileSchema(SCHEMA);

interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  validDomains: string[];
  bots: {
    botId: string;
    scopes: string[];
    commandLists: { scopes: string[]; commands: { title: string }[] }[];
  }[];
}

describe("Teams app manifest", () => {
  it("is a 1.30 manifest with id placeholders and a valid-domains placeholder", () => {
    const raw = JSON.parse(template) as Manifest;
    expect(raw.manifestVersion).toBe("1.30");
    // The manifest names the schema it is validated against here, of the same version.
    expect(raw.$schema).toBe(
      "https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.schema.json",
    );
    expect(
      readSchema<{ properties: { manifestVersion: { const: string } } }>(SCHEMA).properties.manifestVersion
        .const,
    ).toBe(raw.manifestVersion);
    const placeholder = (name: string) => `\${{${name}}}`;
    expect(raw.id).toBe(placeholder("MICROSOFT_APP_ID"));
    expect(raw.bots[0]?.botId).toBe(placeholder("MICROSOFT_APP_ID"));
    expect(raw.validDomains).toEqual([placeholder("BOT_DOMAIN")]);
  });

  it("once filled, is valid against the v1.30 JSON schema", () => {
    const validate = validator();
    const manifest = fillManifest(template, { MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: "pulse.example.com" });
    expect(validate(manifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The validator is not a rubber stamp.
    expect(validate({ ...manifest, id: "not-a-guid" })).toBe(false);
  });

  it("the bot is personal and team scoped and lists every command word in each scope", () => {
    const manifest = JSON.parse(template) as Manifest;
    const bot = manifest.bots[0]!;
    expect(bot.scopes).toEqual(["personal", "team"]);
    for (const scope of ["personal", "team"]) {
      const list = bot.commandLists.find((l) => l.scopes.includes(scope));
      expect(list?.commands.map((c) => c.title).sort()).toEqual([...COMMANDS].sort());
    }
  });

  it("teams:package builds a zip with the filled manifest and the two icons", () => {
    const files = unzipSync(buildTeamsPackage({ MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: "pulse.example.com" }));
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8")) as Manifest;
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]?.botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(["pulse.example.com"]);
    expect(validator()(manifest)).toBe(true);
    const size = (png: Uint8Array) => {
      const b = Buffer.from(png);
      expect(b.subarray(1, 4).toString("ascii")).toBe("PNG");
      return [b.readUInt32BE(16), b.readUInt32BE(20)];
    };
    expect(size(files["color.png"]!)).toEqual([192, 192]);
    expect(size(files["outline.png"]!)).toEqual([32, 32]);
  });

  it("refuses to package without a real app id", () => {
    expect(() => buildTeamsPackage({})).toThrow(/MICROSOFT_APP_ID/);
    expect(() => buildTeamsPackage({ MICROSOFT_APP_ID: "my-bot" })).toThrow(/GUID/);
  });
});

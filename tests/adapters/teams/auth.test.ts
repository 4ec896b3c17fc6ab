import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixture, type Harness, RecordingCore, startHarness } from "./harness.js";

const TENANT = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";
const DANA = "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f";
const APP_PASSWORD = "s3cr3t-app-password-value";

/** An unsigned JWT from an issuer the Bot Framework does not trust (validated offline). */
function forgedToken(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part({ iss: "https://attacker.example", aud: "app-id" })}.c2ln`;
}

describe("Teams authentication when credentials are configured", () => {
  let core: RecordingCore;
  let h: Harness;

  beforeEach(async () => {
    core = new RecordingCore();
    h = await startHarness({
      core,
      appId: "11111111-2222-3333-4444-555555555555",
      appPassword: APP_PASSWORD,
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it.each([
    ["no token", {}],
    ["a forged token", { authorization: `Bearer ${forgedToken()}` }],
  ])("an activity with %s gets 401 and changes nothing", async (_label, headers) => {
    const res = await h.post(fixture("personal-message", h.stub.url), headers);
    expect(res.status).toBe(401);
    expect(core.inbound).toEqual([]);
    expect(h.stub.calls).toEqual([]);
    expect(await h.refs.get(TENANT, { kind: "user", id: DANA })).toBeUndefined();
    expect(JSON.stringify(h.logs)).not.toContain(APP_PASSWORD);
  });

  it("a body over 1 MB is refused before the adapter sees it", async () => {
    const res = await h.post(fixture("personal-message", h.stub.url, { text: "x".repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(core.inbound).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixture, type Harness, RecordingCore, startHarness } from "./harness.js";
import { startTokenStub, type TokenStub } from "./token-stub.js";

const TENANT = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";
const DANA = "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f";
const APP_ID = "11111111-2222-3333-4444-555555555555";
const APP_PASSWORD = "s3cr3t-app-password-value";

/** An unsigned JWT from an issuer the Bot Framework does not trust (rejected before any key lookup). */
function foreignToken(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "RS256", typ: "JWT" })}.${part({ iss: "https://attacker.example", aud: APP_ID })}.c2ln`;
}

describe("Teams authentication when credentials are configured", () => {
  let core: RecordingCore;
  let h: Harness;
  let tokens: TokenStub;

  beforeEach(async () => {
    core = new RecordingCore();
    // No replies: a reply would need an outbound AAD token, and tests never leave 127.0.0.1.
    core.answer = () => [];
    tokens = await startTokenStub();
    h = await startHarness({
      core,
      appId: APP_ID,
      appPassword: APP_PASSWORD,
      openIdMetadataUrl: tokens.metadataUrl,
    });
  });
  afterEach(async () => {
    await h.close();
    await tokens.close();
  });

  const activity = () => fixture("personal-message", h.stub.url);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const valid = () => ({ aud: APP_ID, serviceurl: h.stub.url });

  it("a correctly signed channel token is accepted and the command handled", async () => {
    const res = await h.post(activity(), bearer(tokens.sign(valid())));
    expect(res.status).toBe(200);
    expect(core.inbound).toHaveLength(1);
    expect(await h.refs.get(TENANT, { kind: "user", id: DANA })).toBeDefined();
  });

  it.each([
    ["no token", () => ({})],
    ["a token from a foreign issuer", () => bearer(foreignToken())],
    ["a token signed with an unpublished key", () => bearer(tokens.sign(valid(), { key: tokens.otherKey }))],
    ["a token with an unknown key id", () => bearer(tokens.sign(valid(), { kid: "nope" }))],
    [
      "a token for another bot",
      () => bearer(tokens.sign({ ...valid(), aud: "99999999-2222-3333-4444-555555555555" })),
    ],
    ["an expired token", () => bearer(tokens.sign({ ...valid(), nbf: 1_000_000, exp: 1_000_100 }))],
    [
      "a token for another service URL",
      () => bearer(tokens.sign({ ...valid(), serviceurl: "https://elsewhere/" })),
    ],
  ])("an activity with %s gets 401 and changes nothing", async (_label, headers) => {
    const res = await h.post(activity(), headers());
    expect(res.status).toBe(401);
    expect(core.inbound).toEqual([]);
    expect(h.stub.calls).toEqual([]);
    expect(await h.refs.get(TENANT, { kind: "user", id: DANA })).toBeUndefined();
    expect(JSON.stringify(h.logs)).not.toContain(APP_PASSWORD);
  });

  it("a body over 1 MB is refused before the adapter sees it", async () => {
    const res = await h.post({ ...activity(), text: "x".repeat(1_100_000) }, bearer(tokens.sign(valid())));
    expect(res.status).toBe(413);
    expect(core.inbound).toEqual([]);
  });

  it("malformed JSON is a 400 and reaches nothing", async () => {
    const res = await fetch(`${h.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(core.inbound).toEqual([]);
  });
});

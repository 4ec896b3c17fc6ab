import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PulseCore } from "../../src/core/pulse.js";
import { fixture, type Harness, startHarness } from "../adapters/teams/harness.js";
import { startTokenStub, type TokenStub } from "../adapters/teams/token-stub.js";
import { recordResult } from "../support/fault-results.js";
import { createTestPulse, dumpDatabase, type TestPulse } from "../support/pulse-fixture.js";

const TENANT = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";
const DANA = "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f";
const APP_ID = "11111111-2222-3333-4444-555555555555";
const APP_PASSWORD = "s3cr3t~forged.tokens_app-password";

/**
 * The real core and database behind the real CloudAdapter with credentials configured, and channel
 * tokens signed for real against a local key stand-in: only a valid token changes anything.
 */
let pulse: TestPulse;
let h: Harness;
let tokens: TokenStub;
let handled = 0;

beforeAll(async () => {
  pulse = await createTestPulse({ admins: [DANA] });
  tokens = await startTokenStub();
  // The real core, but its replies are dropped: a reply would need an outbound AAD token, and these
  // tests never leave 127.0.0.1.
  const core: PulseCore = {
    handle: async (inbound) => {
      handled++;
      await pulse.core.handle(inbound);
      return [];
    },
    home: (actor) => pulse.core.home(actor),
  };
  h = await startHarness({
    core,
    db: pulse.db,
    appId: APP_ID,
    appPassword: APP_PASSWORD,
    openIdMetadataUrl: tokens.metadataUrl,
  });
});
afterAll(async () => {
  await h.close();
  await tokens.close();
  await pulse.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const claims = () => ({ aud: APP_ID, serviceurl: h.stub.url });
const add = () =>
  fixture("personal-message", h.stub.url, {
    text: "initiative add Forged bet --sponsor <at>Dana Whitfield</at> --lead <at>Dana Whitfield</at>",
  });

function unsigned(payload: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(payload)}.`;
}

describe("Teams activities with forged tokens, credentials configured", () => {
  const forgeries: [string, () => Record<string, string>][] = [
    ["no token", () => ({})],
    [
      "an unsigned token (alg none) with Bot Framework claims",
      () => bearer(unsigned({ iss: "https://api.botframework.com", ...claims() })),
    ],
    [
      "a token signed with the forger's own key",
      () => bearer(tokens.sign(claims(), { key: tokens.otherKey })),
    ],
    [
      "a token naming a key that is not published",
      () => bearer(tokens.sign(claims(), { kid: "forged-kid" })),
    ],
    [
      "a valid token for another bot",
      () => bearer(tokens.sign({ ...claims(), aud: "22222222-2222-3333-4444-555555555555" })),
    ],
    ["an expired token", () => bearer(tokens.sign({ ...claims(), nbf: 1_000_000, exp: 1_000_100 }))],
    [
      "a token for another service URL",
      () => bearer(tokens.sign({ ...claims(), serviceurl: "http://127.0.0.1:9/" })),
    ],
    [
      "a token from another issuer",
      () => bearer(tokens.sign({ ...claims(), iss: "https://sts.windows.net/attacker/" })),
    ],
    [
      "a token with a tampered payload",
      () => {
        const [head, , sig] = tokens.sign(claims()).split(".");
        const body = Buffer.from(
          JSON.stringify({ iss: "https://api.botframework.com", ...claims(), aud: APP_ID, admin: true }),
        ).toString("base64url");
        return bearer(`${head}.${body}.${sig}`);
      },
    ],
  ];

  it.each(forgeries)("%s: 401, nothing handled, nothing stored", async (_name, headers) => {
    const before = dumpDatabase(pulse);
    const res = await h.post(add(), headers());
    expect(res.status).toBe(401);
    expect(dumpDatabase(pulse)).toEqual(before);
    expect(h.stub.delivered()).toEqual([]);
    expect(JSON.stringify(h.logs)).not.toContain(APP_PASSWORD);
  });

  it("the same kind of activity with a valid token reaches the core (the forgeries failed on the token alone)", async () => {
    expect(handled).toBe(0);
    const res = await h.post(
      fixture("personal-message", h.stub.url, { text: "initiative list" }),
      bearer(tokens.sign(claims())),
    );
    expect(res.status).toBe(200);
    expect(handled).toBe(1);
    // Meeting the speaker is the first write a valid request makes.
    expect(pulse.db.$client.prepare("select id from workspaces").all()).toEqual([{ id: TENANT }]);
    recordResult("teams-tokens", { forgeries: forgeries.length, accepted: 0, dataChanges: 0 });
  });
});

import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Bot Framework's OpenID metadata and signing keys, and a signer for
 * channel tokens, so token validation is exercised for real without leaving 127.0.0.1.
 */
export interface TokenStub {
  metadataUrl: string;
  /** A channel token as the Bot Connector would send it, signed with the published key. */
  sign(claims: Record<string, unknown>, options?: { key?: KeyObject; kid?: string }): string;
  /** A key that is not published (a forger's). */
  otherKey: KeyObject;
  close(): Promise<void>;
}

const KID = "stub-key-1";

export async function startTokenStub(): Promise<TokenStub> {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const jwk = publicKey.export({ format: "jwk" });
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader("content-type", "application/json");
    if (req.url === "/v1/.well-known/openidconfiguration") {
      res.end(
        JSON.stringify({ issuer: "https://api.botframework.com", jwks_uri: `${base}/v1/.well-known/keys` }),
      );
    } else if (req.url === "/v1/.well-known/keys") {
      res.end(
        JSON.stringify({
          keys: [{ kty: "RSA", use: "sig", kid: KID, n: jwk.n, e: jwk.e, endorsements: ["msteams"] }],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return {
    metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    otherKey: other,
    sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const head = part({ alg: "RS256", typ: "JWT", kid: options.kid ?? KID });
      const body = part({ iss: "https://api.botframework.com", nbf: now - 60, exp: now + 3600, ...claims });
      const signature = createSign("RSA-SHA256")
        .update(`${head}.${body}`)
        .sign(options.key ?? privateKey)
        .toString("base64url");
      return `${head}.${body}.${signature}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

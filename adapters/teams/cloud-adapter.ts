import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
// botbuilder's own dependency (same version); it does not re-export the error CloudAdapter maps to 401.
import { AuthenticationError } from "botframework-connector";
import type { Logger } from "../../src/core/logger.js";

export interface TeamsCredentials {
  appId: string;
  appPassword?: string;
  tenantId?: string;
  /** MultiTenant, SingleTenant or UserAssignedMSI (Azure Bot "type"). */
  appType?: string;
  /** Where channel token signing keys are published; Bot Framework's own unless overridden (tests, sovereign clouds). */
  openIdMetadataUrl?: string;
  /** Longest wait for one connector call (default 30 s). */
  requestTimeoutMs?: number;
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory["create"]>>;
type Pipeline = {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: {
    name: string;
    sendRequest(request: { timeout: number }, next: Next): Promise<unknown>;
  }): void;
};
type Next = (request: { timeout: number }) => Promise<unknown>;

/**
 * The SDK's HTTP pipeline retries 429/5xx by itself (up to 3 times, with its own back-off). We
 * remove that policy so that one place, our `withConnectorRetry`, decides: it honours Retry-After,
 * logs, and hands long waits back to the outbox instead of blocking a request.
 */
function tuned(connector: ConnectorClient, timeoutMs: number): ConnectorClient {
  // `client` is private in the typings; the compat layer keeps the core-client pipeline there.
  const pipeline = (connector as unknown as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  pipeline?.removePolicy({ name: "defaultRetryPolicy" });
  // The SDK waits forever by default; a hung connector must not stall a tick.
  pipeline?.addPolicy({
    name: "pulseRequestTimeout",
    sendRequest: (request, next) => {
      if (!request.timeout) request.timeout = timeoutMs;
      return next(request);
    },
  });
  return connector;
}

type Auth = ConfigurationBotFrameworkAuthentication;
const DEFAULT_TIMEOUT_MS = 30_000;

function tunedFactory(inner: ConnectorFactory, timeoutMs: number): ConnectorFactory {
  return {
    create: async (serviceUrl: string, audience?: string) =>
      tuned(await inner.create(serviceUrl, audience), timeoutMs),
  };
}

class PulseBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  requestTimeoutMs = DEFAULT_TIMEOUT_MS;

  override async authenticateRequest(...args: Parameters<Auth["authenticateRequest"]>) {
    try {
      const result = await super.authenticateRequest(...args);
      // Inbound turns reply through this factory: the same retry rule as proactive sends.
      if (result.connectorFactory)
        result.connectorFactory = tunedFactory(result.connectorFactory, this.requestTimeoutMs);
      return result;
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      // A bad signature fails inside jsonwebtoken, which CloudAdapter would answer with 500.
      throw new AuthenticationError("Unauthorized. The token is not valid.", 401);
    }
  }

  override createConnectorFactory(
    claimsIdentity: Parameters<Auth["createConnectorFactory"]>[0],
  ): ConnectorFactory {
    return tunedFactory(super.createConnectorFactory(claimsIdentity), this.requestTimeoutMs);
  }
}

/**
 * Setting any endpoint makes the SDK expect all of them (it then ignores its public-cloud defaults),
 * so an overridden key location comes with the public cloud's other values, as the SDK has them.
 */
function publicCloudWith(openIdMetadataUrl: string): Record<string, string | boolean> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
    ToChannelFromBotOAuthScope: "https://api.botframework.com",
    ToBotFromChannelTokenIssuer: "https://api.botframework.com",
    OAuthUrl: "https://api.botframework.com",
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl:
      "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
    CallerId: "urn:botframework:azure",
  };
}

/**
 * botbuilder's CloudAdapter with ConfigurationBotFrameworkAuthentication. An empty app id runs
 * without credentials: the Bot Framework Emulator and tests only, never a real tenant.
 */
export function createCloudAdapter(credentials: TeamsCredentials, logger: Logger): CloudAdapter {
  if (!credentials.appId) {
    logger.warn(
      "Teams adapter running WITHOUT authentication (MICROSOFT_APP_ID is empty): local testing only",
    );
  }
  const auth = new PulseBotFrameworkAuthentication({
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.appPassword ?? "",
    MicrosoftAppTenantId: credentials.tenantId ?? "",
    MicrosoftAppType: credentials.appType ?? (credentials.tenantId ? "SingleTenant" : "MultiTenant"),
    ...(credentials.openIdMetadataUrl ? publicCloudWith(credentials.openIdMetadataUrl) : {}),
  });
  if (credentials.requestTimeoutMs) auth.requestTimeoutMs = credentials.requestTimeoutMs;
  return new CloudAdapter(auth);
}

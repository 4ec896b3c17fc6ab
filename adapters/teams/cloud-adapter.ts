import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import type { Logger } from "../../src/core/logger.js";

export interface TeamsCredentials {
  appId: string;
  appPassword?: string;
  tenantId?: string;
  /** MultiTenant, SingleTenant or UserAssignedMSI (Azure Bot "type"). */
  appType?: string;
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory["create"]>>;
type Pipeline = { removePolicy(options: { name: string }): unknown };

/**
 * The SDK's HTTP pipeline retries 429/5xx by itself (up to 3 times, with its own back-off). We
 * remove that policy so that one place, our `withConnectorRetry`, decides: it honours Retry-After,
 * logs, and hands long waits back to the outbox instead of blocking a request.
 */
function withoutSdkRetry(connector: ConnectorClient): ConnectorClient {
  // `client` is private in the typings; the compat layer keeps the core-client pipeline there.
  const inner = (connector as unknown as { client?: { pipeline?: Pipeline } }).client;
  inner?.pipeline?.removePolicy({ name: "defaultRetryPolicy" });
  return connector;
}

class PulseBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  override createConnectorFactory(
    claimsIdentity: Parameters<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>[0],
  ): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    return {
      create: async (serviceUrl: string, audience?: string) =>
        withoutSdkRetry(await inner.create(serviceUrl, audience)),
    };
  }
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
  });
  return new CloudAdapter(auth);
}

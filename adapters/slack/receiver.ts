import type { Logger as BoltLogger, ExpressReceiverOptions, webApi } from "@slack/bolt";
import { ExpressReceiver, SocketModeReceiver } from "@slack/bolt";
import express, { type Request, type Response } from "express";

/** Issue 8: bodies over 1 MB are refused before anything parses them. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * Bolt's ExpressReceiver (its signature and timestamp checks stay in charge) with one change: a
 * request no listener acknowledged — an unknown payload type, an action nobody matched — is acked
 * with 200 at once instead of hanging until Bolt's 3-second timeout.
 */
class AckingExpressReceiver extends ExpressReceiver {
  constructor(
    options: ExpressReceiverOptions,
    private readonly log: BoltLogger,
  ) {
    super(options);
  }

  override async requestHandler(req: Request, res: Response): Promise<void> {
    await super.requestHandler(req, res);
    if (!res.headersSent) {
      this.log.warn("slack request acknowledged without a handler");
      res.status(200).send();
    }
  }
}

export function createReceiver(signingSecret: string, logger: BoltLogger): ExpressReceiver {
  return new AckingExpressReceiver(
    {
      signingSecret,
      logger,
      endpoints: "/slack/events",
      router: express.Router(),
      bodyLimit: BODY_LIMIT,
      // A listener that throws after its ack is logged; the HTTP answer is already 200.
      processEventErrorHandler: async ({ error, logger: log }) => {
        log.error(`slack event processing failed: ${error instanceof Error ? error.message : String(error)}`);
        return true;
      },
      unhandledRequestHandler: ({ response }) => {
        if (!response.headersSent) {
          response.statusCode = 200;
          response.end();
        }
      },
    },
    logger,
  );
}

/** Socket Mode: Slack pushes the same payloads over a WebSocket opened with the app-level token. */
export function createSocketReceiver(
  appToken: string,
  logger: BoltLogger,
  clientOptions: webApi.WebClientOptions,
): SocketModeReceiver {
  return new SocketModeReceiver({
    appToken,
    logger,
    // apps.connections.open goes to the same Web API base URL as everything else (SLACK_API_URL).
    installerOptions: { clientOptions },
    processEventErrorHandler: async ({ error, logger: log }) => {
      log.error(`slack event processing failed: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    },
  });
}

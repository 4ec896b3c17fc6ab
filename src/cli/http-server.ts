import type { Server } from "node:http";
import express, { type Express, type RequestHandler } from "express";
import type { HttpRoute } from "../core/http-route.js";
import type { Logger } from "../core/logger.js";

export interface HttpServerOptions {
  routes: HttpRoute[];
  logger: Logger;
  /** Extra readiness detail for /healthz. */
  health?: () => Record<string, unknown>;
}

/** No Slack or Teams payload comes near this; the adapters' parsers enforce it too. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * A body announced over the limit is refused at once. The parsers would refuse it too, but only
 * after draining the whole body, holding the connection open as long as the sender likes.
 */
const refuseLargeBodies: RequestHandler = (req, res, next) => {
  const length = Number(req.headers["content-length"]);
  if (!Number.isFinite(length) || length <= BODY_LIMIT) {
    next();
    return;
  }
  res.set("connection", "close");
  res.status(413).json({ error: "request body too large" });
};

/**
 * One HTTP server for every platform: Slack at POST /slack/events, Bot Framework at POST /api/messages,
 * and GET /healthz, all on PORT.
 */
export function createHttpApp(options: HttpServerOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(refuseLargeBodies);
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true, ...(options.health?.() ?? {}) });
  });
  for (const route of options.routes) app[route.method](route.path, ...route.handlers);
  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  // Express calls a 4-argument handler for errors; the webhook must never crash the process.
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof error === "object" && error && "status" in error ? Number(error.status) : 500;
    options.logger.error("http request failed", { error, status });
    if (!res.headersSent)
      res.status(Number.isInteger(status) && status >= 400 ? status : 500).json({ error: "request failed" });
  });
  return app;
}

export function listen(app: Express, port: number, host = "0.0.0.0"): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once("error", reject);
  });
}

import type { Request, RequestHandler, Response } from "express";
import type { HttpRoute } from "../core/http-route.js";
import type { Logger } from "../core/logger.js";
import type { DashboardHandler, DashboardRequest } from "./http.js";
import { securityHeaders } from "./http.js";

/** HTTPS directly, or behind a proxy or load balancer that says so. */
function isSecure(req: Request): boolean {
  const forwarded = req.headers["x-forwarded-proto"];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim().toLowerCase();
  return req.secure || proto === "https";
}

/** The dashboard's GET routes on the shared HTTP server (every page, the sign-in and the CSV). */
export function dashboardRoutes(handler: DashboardHandler, logger: Logger): HttpRoute[] {
  const serve: RequestHandler = (req, res: Response) => {
    const request: DashboardRequest = {
      path: req.path,
      query: req.query as Record<string, unknown>,
      cookie: req.headers.cookie,
      secure: isSecure(req),
    };
    handler.handle(request).then(
      (out) => {
        res.status(out.status).set(out.headers).send(out.body);
      },
      (error: unknown) => {
        // The query may hold a sign-in token: only the path is logged.
        logger.error("dashboard request failed", { path: req.path, error });
        res
          .status(500)
          .set({ ...securityHeaders(), "content-type": "text/plain; charset=utf-8" })
          .send("The dashboard could not be shown just now; try again in a moment.");
      },
    );
  };
  return ["/dashboard", "/dashboard/*rest"].map((path) => ({
    method: "get" as const,
    path,
    handlers: [serve],
  }));
}

import type { IncomingMessage } from "node:http";
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

/** A sign-in form's body is one token: anything much longer is not one. */
export const FORM_LIMIT = 4096;

/** The body of a small form, or undefined when it is longer than `FORM_LIMIT`. */
export async function readForm(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    length += (chunk as Buffer).length;
    if (length > FORM_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Builds the handler's request from node's (express's request is one too). */
export async function toDashboardRequest(
  req: IncomingMessage,
  path: string,
  query: Record<string, unknown>,
  secure: boolean,
): Promise<DashboardRequest | undefined> {
  const post = req.method === "POST";
  const body = post ? await readForm(req) : "";
  if (body === undefined) return undefined;
  const origin = header(req.headers.origin);
  const host = header(req.headers.host);
  const fetchSite = header(req.headers["sec-fetch-site"]);
  return {
    method: post ? "POST" : "GET",
    path,
    query,
    cookie: req.headers.cookie,
    secure,
    ...(post ? { body } : {}),
    ...(fetchSite ? { fetchSite } : {}),
    ...(origin ? { origin } : {}),
    ...(host ? { host } : {}),
  };
}

/** The dashboard's routes on the shared HTTP server: every page, the sign-in and the CSV. */
export function dashboardRoutes(handler: DashboardHandler, logger: Logger): HttpRoute[] {
  const serve: RequestHandler = (req, res: Response) => {
    toDashboardRequest(req, req.path, req.query as Record<string, unknown>, isSecure(req))
      .then((request) => {
        if (!request) {
          res.status(413).set(securityHeaders()).type("text/plain").send("That form is too large.");
          return undefined;
        }
        return handler.handle(request);
      })
      .then(
        (out) => {
          if (out) res.status(out.status).set(out.headers).send(out.body);
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
  return [
    ...["/dashboard", "/dashboard/*rest"].map((path) => ({
      method: "get" as const,
      path,
      handlers: [serve],
    })),
    { method: "post" as const, path: "/dashboard/login", handlers: [serve] },
  ];
}

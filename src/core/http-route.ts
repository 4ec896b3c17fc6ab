import type { RequestHandler } from "express";

/** A route an adapter contributes to the shared HTTP server (the port adapters serve HTTP through). */
export interface HttpRoute {
  method: "post" | "get";
  path: string;
  /** Body parsing is the route's own business (Slack needs the raw body for signatures). */
  handlers: RequestHandler[];
}

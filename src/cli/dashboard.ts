/**
 * The dashboard's wiring: its handler over the runtime's ports, as routes of the bot's HTTP server,
 * as a small node:http server for the terminal bot (which loads no express), and the
 * `dashboard-link` verb.
 */
import { createServer, type Server } from "node:http";
import { PulseError } from "../core/errors.js";
import { createDashboardHandler, type DashboardHandler, securityHeaders } from "../dashboard/http.js";
import { toDashboardRequest } from "../dashboard/routes.js";
import type { Runtime } from "./compose.js";
import { chooseWorkspace } from "./workspace.js";

export function dashboardHandler(rt: Runtime): DashboardHandler {
  return createDashboardHandler({
    auth: rt.dashboard,
    deps: rt.deps,
    weeks: (workspaceId, options) => rt.digests.weeks(workspaceId, options),
    responseByWeek: (workspaceId, ids, weeks) =>
      rt.database.stores.dashboard.responseByWeek(workspaceId, ids, weeks),
    clock: rt.deps.clock,
    logger: rt.deps.logger,
    httpsPublicUrl: rt.env.PUBLIC_URL?.startsWith("https:") === true,
  });
}

/**
 * The dashboard alone over node:http (the terminal bot). Resolves to undefined when the port is
 * taken: the terminal chat works without it.
 */
export function serveDashboard(rt: Runtime, port: number, host = "127.0.0.1"): Promise<Server | undefined> {
  const handler = dashboardHandler(rt);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const known = url.pathname === "/dashboard" || url.pathname.startsWith("/dashboard/");
    if (!known || !(req.method === "GET" || req.method === "HEAD" || req.method === "POST")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] ??= v;
    const secure = req.headers["x-forwarded-proto"] === "https";
    toDashboardRequest(req, url.pathname, query, secure)
      .then((request) => (request ? handler.handle(request) : undefined))
      .then(
        (out) => {
          if (!out) res.writeHead(413, securityHeaders()).end("That form is too large.");
          else res.writeHead(out.status, out.headers).end(req.method === "HEAD" ? undefined : out.body);
        },
        (error: unknown) => {
          rt.deps.logger.error("dashboard request failed", { path: url.pathname, error });
          res
            .writeHead(500, { ...securityHeaders(), "content-type": "text/plain; charset=utf-8" })
            .end("The dashboard could not be shown just now.");
        },
      );
  });
  return new Promise((resolve) => {
    server.once("error", () => resolve(undefined));
    server.listen(port, host, () => resolve(server));
  });
}

/** `sponsor-pulse dashboard-link --workspace <id> --as <user>`: a sign-in link for a PMO admin. */
export async function dashboardLink(
  rt: Runtime,
  workspaceId: string | undefined,
  userId: string,
): Promise<string> {
  const workspace = await chooseWorkspace(rt.deps.store, workspaceId);
  if (!workspace.exists)
    throw new PulseError("not_found", "There is no workspace yet: nothing to show on a dashboard.");
  const person = await rt.deps.store.findPerson(workspace.id, userId);
  const admins = await rt.deps.store.listAdmins(workspace.id);
  if (!person || !admins.some((a) => a.id === person.id)) {
    throw new PulseError(
      "forbidden",
      `Only a PMO admin of ${workspace.id} can open its dashboard, and "${userId}" is not one.`,
      [
        admins.length
          ? `PMO admins there: ${admins.map((a) => `${a.displayName} (${a.userId})`).join(", ")}.`
          : "That workspace has no PMO admin yet.",
      ],
    );
  }
  return rt.dashboard.linkFor({ workspaceId: workspace.id, personId: person.id }, rt.deps.clock.now());
}

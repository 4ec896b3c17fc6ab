/**
 * The dashboard's request handling, apart from any HTTP framework (src/dashboard/routes.ts mounts
 * it): sign-in by link, the session cookie, the pages, the CSV, and the headers every answer carries.
 * Only the session's workspace is ever read.
 */
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { CoreDeps } from "../ports/deps.js";
import { type DashboardAuth, type Refusal, SESSION_COOKIE, SESSION_TTL_MS, type Session } from "./auth.js";
import { defaultFilters, parseFilters, weeksOfRange } from "./filters.js";
import { esc, type Frame, page, STYLE_HASH } from "./html.js";
import { findBySlug, renderInitiative } from "./initiative.js";
import { loadPortfolioView, type PortfolioPorts, portfolioCsv, renderPortfolio } from "./portfolio.js";

export interface DashboardRequest {
  method: "GET" | "POST";
  /** The path without the query string, e.g. /dashboard/initiatives/churn. */
  path: string;
  query: Record<string, unknown>;
  /** The Cookie header. */
  cookie: string | undefined;
  /** Whether the browser reached us over HTTPS (directly or behind a proxy saying so). */
  secure: boolean;
  /** A POST's form body (application/x-www-form-urlencoded). */
  body?: string;
  /** The Sec-Fetch-Site, Origin and Host headers: a sign-in form must come from our own pages. */
  fetchSite?: string;
  origin?: string;
  host?: string;
}

export interface DashboardResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface DashboardDeps {
  auth: DashboardAuth;
  deps: Pick<CoreDeps, "store" | "checkins" | "asks" | "insights">;
  weeks: PortfolioPorts["weeks"];
  responseByWeek: PortfolioPorts["responseByWeek"];
  clock: Clock;
  logger: Logger;
  /** PUBLIC_URL is https: the cookie is Secure even if the proxy in front does not say so. */
  httpsPublicUrl?: boolean;
}

const HTML = "text/html; charset=utf-8";

/** Every answer: no script, no framing, no referrer (the sign-in URL carries its token), no caching. */
export function securityHeaders(): Record<string, string> {
  return {
    "content-security-policy": `default-src 'none'; style-src '${STYLE_HASH}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  };
}

const REFUSED: Record<Refusal, string> = {
  forged: "This dashboard link is not valid.",
  expired: "This dashboard link has expired (links work for 15 minutes).",
  used: "This dashboard link has already been used (each link works once).",
  missing: "You are not signed in to the dashboard, or your session has ended.",
};

const NEW_LINK =
  "Type <code>/pulse dashboard</code> to the bot (or run <code>sponsor-pulse dashboard-link</code>) for a new link.";

function answer(status: number, body: string, extra: Record<string, string> = {}): DashboardResponse {
  return { status, headers: { ...securityHeaders(), "content-type": HTML, ...extra }, body };
}

function refused(refusal: Refusal): DashboardResponse {
  return answer(401, page({ title: "Sign in" }, `<h1>${esc(REFUSED[refusal])}</h1><p>${NEW_LINK}</p>`));
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

export function sessionCookie(value: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Max-Age=${SESSION_TTL_MS / 1000}; Path=/dashboard; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
}

export function createDashboardHandler(d: DashboardDeps) {
  /**
   * The link itself only shows a button: link previews and mail or chat security scanners open links
   * before the person does, and must not use up a link that works once. The button posts the token
   * from this page (same-site), so the session cookie, SameSite=Strict, is set and sent although the
   * link was clicked in Slack or Teams (another site).
   */
  async function loginPage(req: DashboardRequest): Promise<DashboardResponse> {
    const token = typeof req.query.t === "string" ? req.query.t : "";
    const checked = token
      ? await d.auth.check(token, d.clock.now())
      : { ok: false as const, refusal: "forged" as const };
    if (!checked.ok) return refused(checked.refusal);
    warmUp(checked.who.workspaceId);
    const [workspace, person] = await Promise.all([
      d.deps.store.getWorkspace(checked.who.workspaceId),
      d.deps.store.getPerson(checked.who.workspaceId, checked.who.personId),
    ]);
    const as = person ? ` as <strong>${esc(person.displayName)}</strong>` : "";
    const where = workspace ? ` (${esc(workspace.name ?? workspace.id)})` : "";
    const until = checked.expiresAt.toISOString().slice(11, 16);
    return answer(
      200,
      page(
        { title: "Sign in" },
        `<h1>Sponsor Pulse dashboard</h1><form method="post" action="/dashboard/login" class="card"><p>Sign in${as}${where}.</p><input type="hidden" name="t" value="${esc(token)}"><button type="submit">Open the dashboard</button></form><p class="muted">This link works once, until ${until} UTC. The session lasts 8 hours on this browser.</p>`,
      ),
    );
  }

  /**
   * Reads the first page's weeks while the person is still looking at the sign-in button: a fresh read
   * is most of a page's time at thousands of initiatives (bench: dashboard), and the page that follows
   * within the minute reuses it. Its failure is the page's to report, not this one's.
   */
  function warmUp(workspaceId: string): void {
    const now = d.clock.now();
    d.weeks(workspaceId, weeksOfRange(defaultFilters(now), now)).catch(() => undefined);
  }

  async function login(req: DashboardRequest): Promise<DashboardResponse> {
    // Another site may not post a link of its own choosing here (signing someone in as someone else).
    // Browsers say where a form came from in Sec-Fetch-Site; without it, by Origin (which is "null"
    // under our Referrer-Policy, so only another host's Origin tells).
    const site = req.fetchSite;
    const foreign =
      site !== undefined
        ? site !== "same-origin"
        : req.origin !== undefined &&
          req.origin !== "null" &&
          (!URL.canParse(req.origin) || new URL(req.origin).host !== req.host);
    if (foreign)
      return answer(
        403,
        page({ title: "Sign in" }, `<h1>Sign in from the link itself.</h1><p>${NEW_LINK}</p>`),
      );
    const token = new URLSearchParams(req.body ?? "").get("t") ?? "";
    const now = d.clock.now();
    const redeemed = token
      ? await d.auth.redeem(token, now)
      : { ok: false as const, refusal: "forged" as const };
    if (!redeemed.ok) return refused(redeemed.refusal);
    // Redirected from our own page: the cookie goes with the next request (and without the token).
    return {
      status: 303,
      headers: {
        ...securityHeaders(),
        "content-type": HTML,
        location: "/dashboard",
        "set-cookie": sessionCookie(redeemed.cookie, req.secure || d.httpsPublicUrl === true),
      },
      body: page(
        { title: "Signed in", refreshTo: "/dashboard" },
        '<h1>You are signed in.</h1><p><a href="/dashboard">Open the dashboard</a></p>',
      ),
    };
  }

  /** The session and who it is, or why not; a person no longer a PMO admin is signed out. */
  async function signedIn(
    req: DashboardRequest,
  ): Promise<{ session: Session; frame: Frame } | DashboardResponse> {
    const session = await d.auth.session(cookieOf(req.cookie, SESSION_COOKIE), d.clock.now());
    if (!session) return refused("missing");
    const [workspace, person, admin] = await Promise.all([
      d.deps.store.getWorkspace(session.workspaceId),
      d.deps.store.getPerson(session.workspaceId, session.personId),
      d.deps.store.isAdmin(session.workspaceId, session.personId),
    ]);
    if (!workspace || !person || !admin)
      return answer(
        403,
        page(
          { title: "Not a PMO admin" },
          "<h1>Only PMO admins can see the dashboard, and you are not one (any more).</h1><p>Ask a PMO admin of your workspace to add you with <code>/pulse admin add @you</code>.</p>",
        ),
      );
    return {
      session,
      frame: {
        title: "Portfolio",
        who: { workspace: workspace.name ?? workspace.id, person: person.displayName },
      },
    };
  }

  async function portfolio(req: DashboardRequest, csv: boolean): Promise<DashboardResponse> {
    const who = await signedIn(req);
    if ("status" in who) return who;
    const now = d.clock.now();
    const parsed = parseFilters(req.query, now);
    const ports: PortfolioPorts = { weeks: d.weeks, responseByWeek: d.responseByWeek };
    // The CSV has no trends: it need not count them.
    const view = await loadPortfolioView(ports, who.session.workspaceId, parsed.filters, now, {
      trends: !csv,
    });
    if (csv) {
      if (!parsed.ok)
        return answer(
          400,
          page(
            who.frame,
            `<h1>${esc(parsed.error)}</h1><p><a href="/dashboard">Back to the dashboard</a></p>`,
          ),
        );
      return {
        status: 200,
        headers: {
          ...securityHeaders(),
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="sponsor-pulse-${parsed.filters.from}-${parsed.filters.to}.csv"`,
        },
        body: portfolioCsv(view),
      };
    }
    return answer(
      parsed.ok ? 200 : 400,
      renderPortfolio(view, who.frame, now, parsed.ok ? undefined : parsed.error),
    );
  }

  async function initiative(req: DashboardRequest, slug: string): Promise<DashboardResponse> {
    const who = await signedIn(req);
    if ("status" in who) return who;
    const found = await findBySlug(d.deps, who.session.workspaceId, slug);
    if (!found)
      return answer(
        404,
        page(
          who.frame,
          `<h1>There is no initiative “${esc(slug)}” here.</h1><p><a href="/dashboard">Back to the portfolio</a></p>`,
        ),
      );
    const back =
      typeof req.query.back === "string" && /^[\w=&%.:+-]*$/.test(req.query.back) ? req.query.back : "";
    return answer(200, await renderInitiative(d.deps, found, who.frame, d.clock.now(), back));
  }

  return {
    async handle(req: DashboardRequest): Promise<DashboardResponse> {
      if (req.path === "/dashboard/login") return req.method === "POST" ? login(req) : loginPage(req);
      if (req.method !== "GET")
        return answer(405, page({ title: "Not allowed" }, "<h1>The dashboard is read-only.</h1>"), {
          allow: "GET",
        });
      if (req.path === "/dashboard" || req.path === "/dashboard/") return portfolio(req, false);
      // Under /dashboard/ so the session cookie (Path=/dashboard) goes with it.
      if (req.path === "/dashboard/portfolio.csv") return portfolio(req, true);
      const m = /^\/dashboard\/initiatives\/([^/]+)$/.exec(req.path);
      if (m?.[1]) {
        let slug: string;
        try {
          slug = decodeURIComponent(m[1]);
        } catch {
          slug = m[1];
        }
        return initiative(req, slug);
      }
      return answer(
        404,
        page(
          { title: "Not found" },
          '<h1>There is no such dashboard page.</h1><p><a href="/dashboard">The dashboard</a></p>',
        ),
      );
    },
  };
}

export type DashboardHandler = ReturnType<typeof createDashboardHandler>;

import type { App } from "@slack/bolt";
import type { Actor } from "../../../src/core/inbound.js";
import { AppHomeOpenedSchema } from "../inbound.js";
import { renderHome } from "../render.js";
import { type ListenerDeps, safely, withProfile } from "./deps.js";

/** App Home: the viewer's initiatives, published each time the Home tab is opened. */
export function registerHome(app: App, deps: ListenerDeps): void {
  app.event("app_home_opened", async ({ body, client }) => {
    await safely(deps.logger, "app home", async () => {
      const parsed = AppHomeOpenedSchema.safeParse(body);
      if (!parsed.success) {
        deps.logger.warn("slack app_home_opened payload rejected");
        return;
      }
      const { team_id, event } = parsed.data;
      // The Messages tab also fires this event; only the Home tab has a view to publish.
      if (event.tab && event.tab !== "home") return;
      const actor: Actor = { platform: "slack", workspaceId: team_id, userId: event.user };
      const home = await deps.core.home(await withProfile(deps, actor));
      await client.views.publish({ user_id: event.user, view: renderHome(home) });
    });
  });
}

import { askModule } from "../asks/module.js";
import { checkinModule } from "../checkins/module.js";
import type { FeatureModule } from "../commands/module.js";
import type { DashboardAuth } from "../dashboard/auth.js";
import { dashboardModule } from "../dashboard/module.js";
import type { Digests } from "../digest/load.js";
import { digestModule } from "../digest/module.js";
import { portfolioModule } from "../portfolio/module.js";
import { sponsorModule } from "../sponsors/module.js";

/** Every feature of the bot; the order is the order of their lines under a shared help heading (PMO). */
export function featureModules(digests: Digests, dashboard?: DashboardAuth): FeatureModule[] {
  return [
    digestModule(digests),
    ...(dashboard ? [dashboardModule(dashboard)] : []),
    portfolioModule,
    checkinModule,
    sponsorModule,
    askModule,
  ];
}

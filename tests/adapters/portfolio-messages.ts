/**
 * Every kind of message the bot sends, built by the real core for the largest realistic portfolio:
 * hundreds of initiatives with names at the 80-character limit, one executive sponsoring dozens of
 * them with asks waiting, unsponsored initiatives escalated to the PMO. The platform renderers' limit
 * tests (Block Kit, Adaptive Cards) run over these.
 */
import { ManualClock } from "../../src/core/clock.js";
import type { Actor } from "../../src/core/inbound.js";
import type { Message } from "../../src/core/message.js";
import { escalationMessage } from "../../src/engagement/escalation.js";
import type { NewInitiative } from "../../src/ports/portfolio-store.js";
import { createTestPulse } from "../support/pulse-fixture.js";
import { createRecordingPlatform } from "../support/recording-platform.js";

export interface NamedMessage {
  name: string;
  message: Message;
}

export const PORTFOLIO = { initiatives: 400, heavySponsor: 40, asks: 12 } as const;

const WORKSPACE = "T0PORTFOLIO";
const ADMIN = "U0PMOADMIN";
const HEAVY = "U0HEAVYEXEC";
const LEAD = "U0LEAD";
const MONDAY = new Date("2026-11-23T09:00:00Z");

/** Names at the 80-character limit, all different in their first words (as people name things). */
function longName(i: number): string {
  const base = `Initiative ${i} — customer churn prediction and retention offers for EMEA enterprise accounts`;
  return base.slice(0, 80);
}

/** The bot's messages for the portfolio, each labelled by where it comes from. */
export async function portfolioMessages(): Promise<NamedMessage[]> {
  const clock = new ManualClock(MONDAY);
  const slack = createRecordingPlatform("slack", clock);
  const pulse = await createTestPulse({ clock, admins: [ADMIN], platforms: [slack] });
  try {
    const { store } = pulse.deps;
    const at = clock.now();
    await store.ensureWorkspace(WORKSPACE, "slack", at);
    const person = (userId: string, displayName: string) =>
      store.upsertPerson(WORKSPACE, userId, { displayName, tz: "Europe/London" }, at);
    const admin = await person(ADMIN, "Dana Whitfield, Head of the AI Portfolio Office (EMEA)");
    await store.setAdmin(WORKSPACE, admin.id, true, { actor: null, label: "seed", platform: "system", at });
    const heavy = await person(HEAVY, "Alexandra Montgomery-Fitzwilliam, Chief Operating Officer");
    const lead = await person(LEAD, "Priya Raman-Krishnamurthy, Principal Machine Learning Engineer");
    const inputs: NewInitiative[] = [];
    for (let i = 1; i <= PORTFOLIO.initiatives; i++) {
      const sponsor =
        i <= PORTFOLIO.heavySponsor ? heavy : await person(`U0SPONSOR${i}`, `Sponsor number ${i} of many`);
      // Every tenth one past the heavy sponsor's has no sponsor: the PMO is told about those.
      const unsponsored = i > PORTFOLIO.heavySponsor && i % 10 === 0;
      inputs.push({
        workspaceId: WORKSPACE,
        name: longName(i),
        slug: `initiative-${i}`,
        stage: (["strategy", "poc", "architecture", "scaling", "operational"] as const)[i % 5] ?? "poc",
        cadence: "weekly",
        pmoChannel: "C0PMO",
        successMetric: "Reduce voluntary churn in the enterprise segment by three points within a year",
        dataReadiness: null,
        sponsorIds: unsponsored ? [] : [sponsor.id],
        leadIds: [lead.id],
        nextCheckinAt: new Date(at.getTime() - 60_000),
      });
    }
    await store.createInitiatives(inputs, { actor: null, label: "seed", platform: "system", at });

    const out: NamedMessage[] = [];
    const as = (userId: string): Actor => ({ platform: "slack", workspaceId: WORKSPACE, userId });
    const replies = async (
      name: string,
      userId: string,
      command: Parameters<typeof pulse.run>[1],
      text: string,
    ) => {
      const got = await pulse.run(userId, command, text, WORKSPACE, "slack");
      got.forEach((r, i) => {
        out.push({ name: `${name} (reply ${i + 1})`, message: r.message });
      });
    };
    const askText =
      "Please approve the labelling budget for the next quarter and name an owner for the data contract";
    for (let i = 1; i <= PORTFOLIO.asks; i++)
      await replies(`ask ${i}`, LEAD, "ask", `initiative-${i} ${askText}`);
    await pulse.tick(MONDAY);
    for (const sent of slack.sent) out.push({ name: `sent to ${sent.target.id}`, message: sent.message });
    await replies("checkin", HEAVY, "checkin", "");
    await replies("initiative list", ADMIN, "initiative", "list");
    await replies("pulse digest", ADMIN, "pulse", "digest");
    await replies("initiative show", ADMIN, "initiative", "show initiative-1");
    await replies("help", ADMIN, "pulse", "help");
    out.push({ name: "home (admin)", message: await pulse.core.home(as(ADMIN)) });
    out.push({ name: "home (heavy sponsor)", message: await pulse.core.home(as(HEAVY)) });
    out.push({ name: "home (lead)", message: await pulse.core.home(as(LEAD)) });
    out.push({
      name: "escalation (long reasons)",
      message: escalationMessage({
        initiative: { name: longName(999), slug: "initiative-999", stage: "architecture", daysInStage: 180 },
        sponsorName: heavy.displayName,
        leadNames: Array.from({ length: 12 }, (_, i) => `${lead.displayName} ${i}`),
        engagement: {
          state: "lapsed",
          reasons: Array.from(
            { length: 30 },
            (_, i) => `Missed check-in ${i + 1} of the last 30 weeks (${askText})`,
          ),
          signals: [],
        },
        level: "lapsed",
      }),
    });
    for (const update of slack.updates)
      out.push({ name: `update of ${update.ref}`, message: update.message });
    return out;
  } finally {
    await pulse.close();
  }
}

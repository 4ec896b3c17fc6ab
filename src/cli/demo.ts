import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnv } from "../config/env.js";
import { HOUR, ManualClock } from "../core/clock.js";
import { silentLogger } from "../core/logger.js";
import { type Message, plain } from "../core/message.js";
import type { ChatPlatform, Target } from "../core/platform.js";
import { compose } from "./compose.js";

/** How a demo sponsor behaves in a given week (1-based). */
type Behaviour = (
  week: number,
) =>
  | { answer: false }
  | { answer: true; choice: "active" | "limited" | "handover"; confidence: number; afterHours: number };

const steady: Behaviour = () => ({ answer: true, choice: "active", confidence: 4, afterHours: 2 });
const fadesAndRecovers: Behaviour = (w) =>
  w >= 5 && w <= 9
    ? { answer: false }
    : { answer: true, choice: "active", confidence: w > 9 ? 4 : 3, afterHours: 20 };
const fades: Behaviour = (w) =>
  w >= 7 ? { answer: false } : { answer: true, choice: "active", confidence: 4, afterHours: 30 };
const busy: Behaviour = (w) =>
  w % 3 === 0
    ? { answer: false }
    : { answer: true, choice: w > 8 ? "limited" : "active", confidence: 3, afterHours: 40 };
const losingFaith: Behaviour = (w) => ({
  answer: true,
  choice: "active",
  confidence: w < 8 ? 4 : 2,
  afterHours: 5,
});
const handsOver: Behaviour = (w) =>
  w === 6
    ? { answer: true, choice: "handover", confidence: 3, afterHours: 3 }
    : w > 6
      ? { answer: false }
      : steady(w);
const silent: Behaviour = () => ({ answer: false });

const PORTFOLIO: {
  name: string;
  sponsor: string;
  lead: string;
  stage: string;
  behaviour: Behaviour;
  story: string;
}[] = [
  {
    name: "Churn model",
    sponsor: "ana",
    lead: "bo",
    stage: "poc",
    behaviour: steady,
    story: "answers every week",
  },
  {
    name: "Claims triage",
    sponsor: "carl",
    lead: "dee",
    stage: "architecture",
    behaviour: fadesAndRecovers,
    story: "goes quiet, then comes back",
  },
  {
    name: "Fraud scoring",
    sponsor: "eve",
    lead: "finn",
    stage: "scaling",
    behaviour: fades,
    story: "fades out from week 7",
  },
  {
    name: "Demand forecast",
    sponsor: "gus",
    lead: "hana",
    stage: "poc",
    behaviour: busy,
    story: "busy: misses every 3rd week",
  },
  {
    name: "Doc assistant",
    sponsor: "ida",
    lead: "jo",
    stage: "operational",
    behaviour: losingFaith,
    story: "answers; confidence 4 → 2 in week 8",
  },
  {
    name: "Pricing engine",
    sponsor: "kai",
    lead: "lu",
    stage: "strategy",
    behaviour: handsOver,
    story: "hands over in week 6; zoe takes over",
  },
  {
    name: "Supplier risk",
    sponsor: "max",
    lead: "nia",
    stage: "poc",
    behaviour: silent,
    story: "never answers",
  },
  {
    name: "Service bot",
    sponsor: "ana",
    lead: "oli",
    stage: "architecture",
    behaviour: steady,
    story: "same sponsor as Churn model",
  },
];

const WEEKS = 16;

const LOCAL = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  weekday: "short",
  day: "2-digit",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

function fmt(date: Date): string {
  return LOCAL.format(date).replace(",", "");
}

/**
 * `sponsor-pulse demo`: 8 initiatives over 16 simulated weeks on a throw-away database, printing a
 * timeline of check-ins, answers, state changes and escalations, then a summary table.
 */
export async function runDemo(write: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pulse-demo-"));
  const clock = new ManualClock("2026-03-02T06:00:00Z");
  const env = loadEnv({ DATABASE_URL: join(dir, "demo.db"), PMO_ADMINS: "pmo", TZ_DEFAULT: "Europe/London" });
  const rt = compose(env, clock, silentLogger);
  const inbox: { to: Target; message: Message; at: Date }[] = [];
  const platform: ChatPlatform = {
    platform: "shell",
    async send(_ws, target, message) {
      inbox.push({ to: target, message, at: clock.now() });
      return `demo:${inbox.length}`;
    },
    async update() {},
    async lookupUser(_ws, userId) {
      return { displayName: userId[0]?.toUpperCase() + userId.slice(1), tz: "Europe/London" };
    },
  };
  rt.platforms.set("shell", platform);
  const say = (userId: string, command: "initiative" | "pulse", text: string) =>
    rt.core.handle({
      kind: "command",
      actor: { platform: "shell", workspaceId: "local", userId },
      command,
      text,
    });
  try {
    await say("pmo", "pulse", "channel <#ai-pmo|ai-pmo>");
    for (const p of PORTFOLIO) {
      await say(
        "pmo",
        "initiative",
        `add ${p.name} --sponsor <@${p.sponsor}> --lead <@${p.lead}> --stage ${p.stage} --metric defined --readiness assessed`,
      );
    }
    write(
      `Sponsor Pulse demo: ${PORTFOLIO.length} initiatives, ${WEEKS} weeks, weekly check-ins Mondays 09:00 (Europe/London).\n`,
    );
    const stats = new Map(PORTFOLIO.map((p) => [p.name, { answered: 0, missed: 0, escalations: 0 }]));
    const states = new Map<string, string>();
    const pending: {
      at: number;
      user: string;
      actionId: string;
      value: string;
      initiative: string;
      text: string;
    }[] = [];
    const end = clock.now().getTime() + WEEKS * 7 * 24 * HOUR;
    let seen = 0;
    while (clock.now().getTime() < end) {
      clock.advance(HOUR);
      const now = clock.now();
      for (const answer of pending.filter((a) => a.at <= now.getTime())) {
        pending.splice(pending.indexOf(answer), 1);
        await rt.core.handle({
          kind: "action",
          actor: { platform: "shell", workspaceId: "local", userId: answer.user },
          actionId: answer.actionId,
          value: answer.value,
          messageRef: "demo",
        });
        if (answer.actionId === "checkin.choice") {
          stats.get(answer.initiative)!.answered++;
          write(`${fmt(now)}  ← ${answer.user} on ${answer.initiative}: ${answer.text}\n`);
        }
      }
      if (now.getTime() === Date.parse("2026-04-27T12:00:00Z")) {
        await say("lu", "initiative", "set pricing sponsor <@zoe>");
        write(`${fmt(now)}  ✎ lu names zoe as the new sponsor of Pricing engine\n`);
      }
      await rt.jobs.tick(now);
      const prompted: string[] = [];
      for (const sent of inbox.slice(seen)) {
        const purpose = sent.message.title ?? sent.message.summary;
        if (purpose === "Sponsor check-in") {
          const week = Math.floor((now.getTime() - Date.parse("2026-03-02T00:00:00Z")) / (7 * 24 * HOUR)) + 1;
          for (const section of sent.message.sections) {
            const name = PORTFOLIO.find((p) => section.heading?.includes(`**${p.name}**`));
            const choice = section.controls?.find((c) => c.kind === "button");
            if (!name || !choice || choice.kind !== "button") continue;
            prompted.push(name.name);
            const b = sent.to.id === "zoe" ? steady(week) : name.behaviour(week);
            if (!b.answer) continue;
            const id = choice.value.split(":")[0];
            const at = now.getTime() + b.afterHours * HOUR;
            pending.push({
              at,
              user: sent.to.id,
              actionId: "checkin.choice",
              value: `${id}:${b.choice}`,
              initiative: name.name,
              text: `${b.choice === "active" ? "Actively" : b.choice === "limited" ? "Limited time" : "Hand over"}, confidence ${b.confidence}`,
            });
            pending.push({
              at,
              user: sent.to.id,
              actionId: "checkin.confidence",
              value: `${id}:${b.confidence}`,
              initiative: name.name,
              text: "",
            });
          }
        } else if (!purpose.startsWith("Reminder")) {
          write(
            `${fmt(now)}  ⚑ ${plain(sent.message.summary)} → ${sent.to.kind === "channel" ? `#${sent.to.id}` : sent.to.id}\n`,
          );
        }
      }
      if (prompted.length) write(`${fmt(now)}  → check-ins: ${prompted.join(", ")}\n`);
      seen = inbox.length;
      if (now.getUTCHours() === 12) {
        const initiatives = await rt.deps.store.listInitiatives("local");
        const engagement = await rt.deps.insights.engagement("local", initiatives, now);
        for (const i of initiatives) {
          const e = engagement.get(i.id);
          if (!e || states.get(i.name) === e.state) continue;
          if (states.has(i.name))
            write(
              `${fmt(now)}  ◆ ${i.name}: ${states.get(i.name)} → ${e.state}${e.reasons[0] ? ` (${e.reasons[0]})` : ""}\n`,
            );
          states.set(i.name, e.state);
        }
      }
    }
    const checkins = rt.db.$client
      .prepare(
        "select i.name as name, c.status as status, count(*) as n from checkins c join initiatives i on i.id = c.initiative_id group by 1, 2",
      )
      .all() as { name: string; status: string; n: number }[];
    for (const row of checkins) if (row.status === "missed") stats.get(row.name)!.missed = row.n;
    const steps = rt.db.$client
      .prepare(
        "select i.name as name, count(*) as n from escalations e join initiatives i on i.id = e.initiative_id group by 1",
      )
      .all() as { name: string; n: number }[];
    for (const row of steps) stats.get(row.name)!.escalations = row.n;
    write("\nSummary after 16 weeks\n");
    const header = ["initiative", "sponsor", "behaviour", "answered", "missed", "escalations", "state now"];
    const rows = PORTFOLIO.map((p) => {
      const s = stats.get(p.name)!;
      return [
        p.name,
        p.sponsor,
        p.story,
        String(s.answered),
        String(s.missed),
        String(s.escalations),
        states.get(p.name) ?? "?",
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    for (const r of [header, widths.map((w) => "-".repeat(w)), ...rows])
      write(`${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")}\n`);
  } finally {
    rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

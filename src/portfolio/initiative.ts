import { openAsksSection } from "../asks/show.js";
import { type CommandContext, requireAdmin, resolvePersonMention } from "../commands/context.js";
import { findInitiative } from "../commands/find-initiative.js";
import { ephemeral, ok } from "../commands/replies.js";
import { type ParsedArgs, splitWords } from "../commands/tokenize.js";
import {
  checkFlags,
  parseChannelRef,
  validateCadence,
  validateName,
  validateText,
} from "../commands/validate.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";
import { message, type Section } from "../core/message.js";
import { uniqueSlug } from "../domain/slug.js";
import { parseStage, STAGE_NAMES } from "../domain/stages.js";
import type { Initiative, InitiativeStatus } from "../domain/types.js";
import { daysBetween, initiativeLine, isoDate, names } from "./format.js";

/** The usage of `/initiative` (help and usage errors). */
export const INITIATIVE_USAGE = [
  "`/initiative add <name> --sponsor @person --lead @person [--stage <stage>] [--cadence weekly|biweekly|monthly|<cron>] [--channel #pmo] [--metric <success metric>] [--readiness <data readiness>]`",
  "`/initiative list`",
  "`/initiative show <initiative>`",
  "`/initiative set <initiative> metric|readiness|cadence|channel|sponsor|lead|name <value>`",
  "`/initiative pause|resume|close <initiative> [reason]`",
];

const ADD_FLAGS = ["sponsor", "lead", "stage", "cadence", "channel", "metric", "readiness"];

async function peopleFromFlag(ctx: CommandContext, value: string | undefined, what: string) {
  if (value === undefined) return [];
  const words = splitWords(value);
  if (words.length === 0) throw new PulseError("invalid", `--${what} needs a person, like --${what} @ana.`);
  const people = [];
  for (const word of words) people.push(await resolvePersonMention(ctx, word, `The ${what}`));
  return people;
}

async function add(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  requireAdmin(ctx, "add initiatives", await ctx.deps.store.listAdmins(ctx.workspace.id));
  checkFlags(args, ADD_FLAGS, INITIATIVE_USAGE[0] ?? "");
  const name = validateName(args.words.join(" "));
  const stage = args.flags.has("stage") ? parseStage(args.flags.get("stage") ?? "") : "strategy";
  const cadence = args.flags.has("cadence") ? validateCadence(args.flags.get("cadence") ?? "") : "weekly";
  const channel = args.flags.has("channel") ? parseChannelRef(args.flags.get("channel") ?? "") : null;
  const metric = args.flags.has("metric") ? validateText(args.flags.get("metric") ?? "", "--metric") : null;
  const readiness = args.flags.has("readiness")
    ? validateText(args.flags.get("readiness") ?? "", "--readiness")
    : null;
  const existing = await ctx.deps.store.listInitiatives(ctx.workspace.id);
  if (existing.some((i) => i.name.toLowerCase() === name.toLowerCase())) {
    throw new PulseError("conflict", `There is already an initiative called "${name}" in this workspace.`, [
      "Pick another name, or look at the existing one with `/initiative show`.",
    ]);
  }
  // People are resolved last: a refused command must not leave new people behind.
  const sponsors = await peopleFromFlag(ctx, args.flags.get("sponsor"), "sponsor");
  let leads = await peopleFromFlag(ctx, args.flags.get("lead"), "lead");
  if (leads.length === 0) leads = [ctx.actor];
  const created = await ctx.deps.store.createInitiative(
    {
      workspaceId: ctx.workspace.id,
      name,
      slug: uniqueSlug(name, new Set(existing.map((i) => i.slug))),
      stage,
      cadence,
      pmoChannel: channel,
      successMetric: metric,
      dataReadiness: readiness,
      sponsorIds: sponsors.map((p) => p.id),
      leadIds: leads.map((p) => p.id),
      nextCheckinAt: null,
    },
    ctx.audit,
  );
  await ctx.deps.schedule.reschedule(created, ctx.now);
  const notes = [
    `Stage: ${STAGE_NAMES[created.stage]} · check-ins ${created.cadence} · sponsor ${names(created.sponsors)} · lead ${names(created.leads)}`,
  ];
  if (sponsors.length === 0)
    notes.push(
      "No sponsor yet: it shows as **unsponsored** until you `/initiative set " +
        `${created.slug} sponsor @person\`.`,
    );
  return [ok(`Added **${created.name}** (\`${created.slug}\`).`, notes)];
}

async function list(ctx: CommandContext): Promise<Reply[]> {
  const all = await ctx.deps.store.listInitiatives(ctx.workspace.id);
  if (all.length === 0) {
    return [
      ephemeral(
        message("No initiatives yet.", [
          {
            text: "No initiatives yet. Add one with `/initiative add <name> --sponsor @person --lead @person`.",
          },
        ]),
      ),
    ];
  }
  const engagement = await ctx.deps.insights.engagement(ctx.workspace.id, all, ctx.now);
  const active = all.filter((i) => i.status !== "closed");
  const closed = all.filter((i) => i.status === "closed");
  const sections: Section[] = [
    {
      heading: `Initiatives (${active.length})`,
      lines: active.map((i) => initiativeLine(i, ctx.now, engagement.get(i.id))),
    },
  ];
  if (closed.length)
    sections.push({
      heading: `Closed (${closed.length})`,
      lines: closed.map((i) => initiativeLine(i, ctx.now)),
    });
  return [ephemeral(message(`${all.length} initiatives`, sections, { title: "Portfolio" }))];
}

async function show(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const query = args.words.join(" ");
  if (!query) throw new PulseError("usage", "Which initiative?", ["`/initiative show <initiative>`"]);
  const initiative = findInitiative(await ctx.deps.store.listInitiatives(ctx.workspace.id), query);
  const engagement = (await ctx.deps.insights.engagement(ctx.workspace.id, [initiative], ctx.now)).get(
    initiative.id,
  );
  const history = await ctx.deps.store.stageHistory(ctx.workspace.id, initiative.id);
  const fields = [
    {
      label: "Stage",
      value: `${STAGE_NAMES[initiative.stage]} (${daysBetween(initiative.stageEnteredAt, ctx.now)} days)`,
    },
    {
      label: "Status",
      value: initiative.status + (initiative.statusReason ? ` — ${initiative.statusReason}` : ""),
    },
    { label: "Sponsor", value: names(initiative.sponsors) },
    { label: "Lead", value: names(initiative.leads) },
    { label: "Check-ins", value: initiative.cadence },
    {
      label: "PMO channel",
      value: initiative.pmoChannel ? `<#${initiative.pmoChannel}>` : "workspace default",
    },
    { label: "Success metric", value: initiative.successMetric ?? "not set" },
    { label: "Data readiness", value: initiative.dataReadiness ?? "not assessed" },
  ];
  const sections: Section[] = [{ fields }];
  if (engagement) {
    sections.push({ heading: `Engagement: ${engagement.state}`, lines: engagement.reasons });
  }
  const asks = await openAsksSection(ctx, initiative);
  if (asks) sections.push(asks);
  sections.push({
    heading: "Stage history",
    lines: history.slice(-8).map((h) => stageMoveLine(h)),
  });
  return [
    ephemeral(
      message(`${initiative.name}: ${STAGE_NAMES[initiative.stage]}`, sections, {
        title: initiative.name,
        context: `\`${initiative.slug}\` · added ${isoDate(initiative.createdAt)}`,
      }),
    ),
  ];
}

export function stageMoveLine(h: {
  fromStage: string | null;
  toStage: string;
  by: string | null;
  note: string | null;
  forcedReason: string | null;
  at: Date;
}): string {
  const what = h.fromStage ? `${h.fromStage} → **${h.toStage}**` : `started in **${h.toStage}**`;
  const parts = [`${isoDate(h.at)} ${what}`];
  if (h.by) parts.push(`by ${h.by}`);
  if (h.note) parts.push(`“${h.note}”`);
  if (h.forcedReason) parts.push(`gate forced: ${h.forcedReason}`);
  return parts.join(" · ");
}

function canManage(ctx: CommandContext, initiative: Initiative): boolean {
  return ctx.isAdmin || initiative.leads.some((p) => p.id === ctx.actor.id);
}

function refuseManage(initiative: Initiative, doing: string): PulseError {
  return new PulseError("forbidden", `Only ${initiative.name}'s lead or a PMO admin can ${doing}.`, [
    `Lead: ${names(initiative.leads)}.`,
  ]);
}

async function setStatus(
  ctx: CommandContext,
  args: ParsedArgs,
  status: InitiativeStatus,
  verb: string,
): Promise<Reply[]> {
  const [query, ...reasonWords] = args.words;
  if (!query)
    throw new PulseError("usage", `Which initiative?`, [`\`/initiative ${verb} <initiative> [reason]\``]);
  const initiative = findInitiative(await ctx.deps.store.listInitiatives(ctx.workspace.id), query);
  if (!canManage(ctx, initiative)) throw refuseManage(initiative, `${verb} it`);
  if (initiative.status === status) {
    return [ok(`${initiative.name} is already ${status}.`)];
  }
  const reason = reasonWords.length ? validateText(reasonWords.join(" "), "The reason") : null;
  if (status === "closed" && !reason) {
    throw new PulseError(
      "invalid",
      "Say why it closes (delivered, stopped…), so the portfolio history stays readable.",
      [`\`/initiative close ${initiative.slug} delivered: churn down 4%\``],
    );
  }
  const updated = await ctx.deps.store.setStatus(ctx.workspace.id, initiative.id, status, reason, ctx.audit);
  await ctx.deps.schedule.reschedule(updated, ctx.now);
  const past = { active: "resumed", paused: "paused", closed: "closed" }[status];
  return [
    ok(
      `**${updated.name}** ${past}${reason ? `: ${reason}` : "."}`,
      status === "active"
        ? ["Check-ins start again at the next slot."]
        : ["No check-ins are sent while it is not active."],
    ),
  ];
}

export const initiativeCommands = { add, list, show, setStatus, canManage, refuseManage };

import type { CommandContext } from "../commands/context.js";
import type { Message } from "../core/message.js";
import type { Initiative, Person } from "../domain/types.js";
import { type Ask, type AskHandOver, type HandedOverAsk, OPEN_ASK_STATUSES } from "../ports/ask-store.js";
import type { OutboxMessage } from "../ports/checkin-store.js";
import { type AskView, askSections } from "./render.js";
import { askViews, dueOf } from "./views.js";

/** A hand-over ready for the store, and what it moved once the sponsor change is saved. */
export interface PreparedHandOver {
  to: Person;
  port: AskHandOver;
  /** Filled by the store's call to `port.outbox`, inside the sponsor change's transaction. */
  moved: HandedOverAsk[];
}

/**
 * Who open asks of removed sponsors go to: the sponsor the bot will address once the change is saved
 * (check-ins, `/ask`), so the asks show up in that person's check-ins. The store lists sponsors by
 * when they became one, then by name: someone who stays comes before anyone new, the longest-serving
 * first; among new ones (all from now) the name decides. None without sponsors: the asks then stay.
 */
export function handOverTarget(before: readonly Person[], after: readonly Person[]): Person | undefined {
  const staying = before.find((b) => after.some((p) => p.id === b.id));
  if (staying) return staying;
  return [...after].sort((a, b) =>
    a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0,
  )[0];
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : `${n} ${many}`);

function names(ids: number[], known: Map<number, string>): string {
  const list = [...new Set(ids)].map((id) => known.get(id) ?? "a former sponsor");
  return list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list.at(-1)}` : (list[0] ?? "");
}

/** The one DM a new sponsor gets: every decision now waiting on them, each with its buttons. */
export function handOverMessage(
  initiative: Pick<Initiative, "name">,
  views: AskView[],
  from: string,
  dueAt: (ask: Ask) => Date,
  now: Date,
  tz: string,
): Message {
  const n = views.length;
  return {
    title: "Decisions now waiting on you",
    summary: `${plural(n, "A decision", "decisions")} on ${initiative.name} handed over from ${from}`,
    tone: "info",
    sections: [
      {
        text: `You are now a sponsor of **${initiative.name}**. ${n === 1 ? "This ask was" : "These asks were"} waiting on ${from}; due dates are unchanged.`,
      },
      // Several asks share this message: a click answers one and leaves the message as it is.
      ...views.flatMap((v) => askSections(v, dueAt(v.ask), now, tz, "checkin")),
    ],
    context: "They also appear in your check-ins while they are open.",
  };
}

/**
 * Prepares `/initiative set … sponsor`'s hand-over: everything the DM shows is read now, because the
 * store builds it inside its transaction (which cannot wait on a read).
 */
export async function prepareHandOver(
  ctx: CommandContext,
  initiative: Initiative,
  sponsors: readonly Person[],
): Promise<PreparedHandOver | undefined> {
  const to = handOverTarget(initiative.sponsors, sponsors);
  if (!to) return undefined;
  const ws = ctx.workspace;
  const open = await ctx.deps.asks.listAsks(ws.id, {
    initiativeIds: [initiative.id],
    statuses: OPEN_ASK_STATUSES,
  });
  const staying = new Set(sponsors.map((p) => p.id));
  const views = new Map(
    (await askViews(ctx.deps, ws.id, open, [initiative])).map((v) => [v.ask.id, v] as const),
  );
  const known = new Map(initiative.sponsors.map((p) => [p.id, p.displayName] as const));
  for (const ask of open)
    if (!staying.has(ask.sponsorPersonId) && !known.has(ask.sponsorPersonId)) {
      const person = await ctx.deps.store.getPerson(ws.id, ask.sponsorPersonId);
      if (person) known.set(person.id, person.displayName);
    }
  const tz = to.tz ?? ws.tz ?? ctx.deps.config.defaultTz;
  const prepared: PreparedHandOver = {
    to,
    moved: [],
    port: {
      toPersonId: to.id,
      outbox(moved): OutboxMessage[] {
        prepared.moved = moved;
        const shown = moved.map(({ ask }) => ({
          initiativeName: initiative.name,
          initiativeSlug: initiative.slug,
          askedBy: "The team",
          ...views.get(ask.id),
          ask,
        }));
        const ids = moved.map((m) => m.ask.id).join(",");
        return [
          {
            workspaceId: ws.id,
            platform: ws.platform,
            target: { kind: "user", id: to.userId },
            dedupeKey: `ask-handover:${initiative.id}:${ids}:${to.id}:${ctx.now.getTime()}`,
            purpose: "ask.handover",
            message: handOverMessage(
              initiative,
              shown,
              names(
                moved.map((m) => m.fromPersonId),
                known,
              ),
              (ask) => dueOf(ws.settings, ask),
              ctx.now,
              tz,
            ),
          },
        ];
      },
    },
  };
  return prepared;
}

/** What the person who changed the sponsor is told about the asks. */
export async function handOverNote(
  ctx: CommandContext,
  before: Initiative,
  updated: Initiative,
  prepared: PreparedHandOver | undefined,
): Promise<string[]> {
  const moved = prepared?.moved ?? [];
  if (prepared && moved.length > 0) {
    const who = prepared.to.displayName;
    const one = moved.length === 1;
    return [
      `${plural(moved.length, "1 open ask", "open asks")} (${moved.map((m) => `#${m.ask.id}`).join(", ")}) now ${one ? "waits" : "wait"} on ${who}, due ${one ? "date" : "dates"} unchanged; ${who} gets one message listing ${one ? "it" : "them"}.`,
    ];
  }
  if (updated.sponsors.length > 0) return [];
  const open = await ctx.deps.asks.listAsks(ctx.workspace.id, {
    initiativeIds: [updated.id],
    statuses: OPEN_ASK_STATUSES,
  });
  if (open.length === 0) return [];
  const known = new Map(before.sponsors.map((p) => [p.id, p.displayName] as const));
  const one = open.length === 1;
  return [
    `${plural(open.length, "1 open ask", "open asks")} (${open.map((a) => `#${a.id}`).join(", ")}) still ${one ? "waits" : "wait"} on ${names(
      open.map((a) => a.sponsorPersonId),
      known,
    )}: ${one ? "it moves" : "they move"} to the next sponsor you name (\`/initiative set ${updated.slug} sponsor @person\`), or \`/ask close <id>\`.`,
  ];
}

import type { CommandContext } from "../commands/context.js";
import { requireAdmin } from "../commands/context.js";
import { ok } from "../commands/replies.js";
import { type ParsedArgs, parseMention } from "../commands/tokenize.js";
import { PulseError } from "../core/errors.js";
import type { Reply } from "../core/inbound.js";
import type { Person } from "../domain/types.js";
import { resolvePerson } from "./people.js";

const USAGE = [
  "`/pulse delegate @person` — they get a copy of your check-ins and may answer them",
  "`/pulse delegate none` — remove it · `/pulse delegate` — who it is",
  "PMO admins: `/pulse delegate @sponsor @person|none`",
];

/** Who the command is for and what it sets: `[@sponsor] @delegate|none`, or nothing to show. */
async function parse(
  ctx: CommandContext,
  words: string[],
): Promise<{ sponsor: Person; self: boolean; value: string | undefined }> {
  if (words.length > 2) throw new PulseError("usage", "Name one delegate.", USAGE);
  if (words.length === 2) {
    const sponsorMention = parseMention(words[0] as string);
    if (!sponsorMention) throw new PulseError("usage", "Name the sponsor first, then their delegate.", USAGE);
    if (sponsorMention.id !== ctx.actor.userId) {
      requireAdmin(
        ctx,
        "name a delegate for someone else",
        await ctx.deps.store.listAdmins(ctx.workspace.id),
      );
      return {
        sponsor: await resolvePerson(ctx, words[0] as string, "The sponsor"),
        self: false,
        value: words[1],
      };
    }
    return { sponsor: ctx.actor, self: true, value: words[1] };
  }
  return { sponsor: ctx.actor, self: true, value: words[0] };
}

/** `/pulse delegate [@sponsor] @person|none`. */
export async function delegateCommand(ctx: CommandContext, args: ParsedArgs): Promise<Reply[]> {
  const { sponsor, self, value } = await parse(ctx, args.words);
  const whose = self ? "Your" : `${sponsor.displayName}'s`;
  if (value === undefined) {
    const current = await ctx.deps.sponsors.delegateOf(ctx.workspace.id, sponsor.id);
    return [
      ok(
        current ? `${whose} delegate is ${current.displayName}.` : `${whose} check-ins have no delegate.`,
        USAGE.slice(0, 2),
      ),
    ];
  }
  if (value.toLowerCase() === "none") {
    const changed = await ctx.deps.sponsors.setDelegate(ctx.workspace.id, sponsor.id, null, ctx.audit);
    return [ok(changed ? `${whose} delegate is removed.` : `${whose} check-ins had no delegate.`)];
  }
  const delegate = await resolvePerson(ctx, value, "The delegate");
  if (delegate.id === sponsor.id) {
    throw new PulseError(
      "invalid",
      `${self ? "You" : sponsor.displayName} cannot be ${self ? "your" : "their"} own delegate.`,
      ["Name a chief of staff or an assistant: `/pulse delegate @person`."],
    );
  }
  if (await ctx.deps.sponsors.delegateOf(ctx.workspace.id, delegate.id)) {
    throw new PulseError(
      "invalid",
      `${delegate.displayName} has a delegate of their own; delegates cannot be chained.`,
      ["Name the person who will answer directly."],
    );
  }
  if ((await ctx.deps.sponsors.delegatorsOf(ctx.workspace.id, sponsor.id)).length > 0) {
    throw new PulseError(
      "invalid",
      `${self ? "You are" : `${sponsor.displayName} is`} someone's delegate; a delegate cannot name a delegate.`,
    );
  }
  const changed = await ctx.deps.sponsors.setDelegate(ctx.workspace.id, sponsor.id, delegate.id, ctx.audit);
  if (!changed)
    return [
      ok(`${delegate.displayName} already is ${whose.toLowerCase() === "your" ? "your" : whose} delegate.`),
    ];
  return [
    ok(`${delegate.displayName} is now ${self ? "your" : whose} delegate.`, [
      `They get a copy of each check-in marked "on behalf of ${sponsor.displayName}" and may answer it; a personal answer always wins.`,
      "Delegated answers are shown as delegated: several in a row cool the initiative.",
    ]),
  ];
}

import type { CommandContext } from "../commands/context.js";
import { requireAdmin } from "../commands/context.js";
import { parseMention } from "../commands/tokenize.js";
import { PulseError } from "../core/errors.js";
import type { Person } from "../domain/types.js";

/**
 * A mention → a person of this workspace, refusing bots and people the platform does not know here,
 * and writing nothing until every check passed (a refused command changes nothing).
 */
export async function resolvePerson(ctx: CommandContext, word: string, what: string): Promise<Person> {
  const mention = parseMention(word);
  if (!mention) throw new PulseError("invalid", `${what} must be a person mention like @ana, not "${word}".`);
  const known = await ctx.deps.store.findPerson(ctx.workspace.id, mention.id);
  if (known) {
    if (known.isBot)
      throw new PulseError("invalid", `${known.displayName} is a bot; ${what} must be a person.`);
    return known;
  }
  const platform = ctx.deps.platforms.get(ctx.actorRef.platform);
  let profile: Awaited<ReturnType<NonNullable<NonNullable<typeof platform>["lookupUser"]>>>;
  if (platform?.lookupUser) {
    profile = await platform.lookupUser(ctx.workspace.id, mention.id).catch(() => undefined);
    // Teams can only describe people it has talked to; its mentions carry the name the client resolved
    // in this tenant, so an unknown but named mention is a colleague, not an outsider.
    if (!profile && !mention.name) {
      throw new PulseError(
        "invalid",
        `<@${mention.id}> is not a member of this workspace; ${what} must be someone here.`,
      );
    }
    if (profile?.isBot)
      throw new PulseError("invalid", `${profile.displayName} is a bot; ${what} must be a person.`);
  }
  return ctx.deps.store.upsertPerson(
    ctx.workspace.id,
    mention.id,
    {
      ...(mention.name ? { displayName: mention.name } : {}),
      ...(profile ? { displayName: profile.displayName, isBot: false, tz: profile.tz ?? null } : {}),
    },
    ctx.now,
  );
}

/**
 * Splits an optional leading `@person` off the words: acting for someone else needs a PMO admin.
 * Returns the person acted for (the speaker when no mention) and the remaining words.
 */
export async function subjectOf(
  ctx: CommandContext,
  words: string[],
  doing: string,
): Promise<{ person: Person; rest: string[]; self: boolean }> {
  const [first, ...rest] = words;
  const mention = first ? parseMention(first) : undefined;
  if (!first || !mention) return { person: ctx.actor, rest: words, self: true };
  if (mention.id === ctx.actor.userId) return { person: ctx.actor, rest, self: true };
  requireAdmin(ctx, doing, await ctx.deps.store.listAdmins(ctx.workspace.id));
  return { person: await resolvePerson(ctx, first, "The person"), rest, self: false };
}

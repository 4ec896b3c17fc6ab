import { PulseError } from "../core/errors.js";
import type { Actor } from "../core/inbound.js";
import type { AuditContext, Person, Workspace } from "../domain/types.js";
import type { CoreDeps } from "../ports/deps.js";
import { parseMention } from "./tokenize.js";

/** A resolved request: who is acting, where, and when. Built once per inbound. */
export interface CommandContext {
  deps: CoreDeps;
  actorRef: Actor;
  actor: Person;
  workspace: Workspace;
  isAdmin: boolean;
  now: Date;
  audit: AuditContext;
  channelId: string | undefined;
}

export async function resolveContext(
  deps: CoreDeps,
  actorRef: Actor,
  channelId?: string,
): Promise<CommandContext> {
  const now = deps.clock.now();
  const workspace = await deps.store.ensureWorkspace(actorRef.workspaceId, actorRef.platform, now);
  let actor = await deps.store.findPerson(workspace.id, actorRef.userId);
  if (!actor) {
    // First sight: the platform's profile (real name, time zone) beats what the payload carries (a handle).
    const profile = await lookupProfile(deps, actorRef.platform, workspace.id, actorRef.userId);
    actor = await deps.store.upsertPerson(
      workspace.id,
      actorRef.userId,
      {
        ...profile,
        displayName: profile.displayName ?? actorRef.displayName ?? actorRef.userId,
        ...(actorRef.tz ? { tz: actorRef.tz } : {}),
      },
      now,
    );
  } else {
    // Later: a time zone the platform reports (Teams sends one per activity) is kept current; a name
    // only replaces the id placeholder of someone first met as a bare mention.
    const rename =
      actorRef.displayName && actor.displayName === actor.userId && actorRef.displayName !== actor.userId;
    const retz = actorRef.tz && actorRef.tz !== actor.tz;
    if (rename || retz) {
      actor = await deps.store.upsertPerson(
        workspace.id,
        actorRef.userId,
        { ...(rename ? { displayName: actorRef.displayName } : {}), ...(retz ? { tz: actorRef.tz } : {}) },
        now,
      );
    }
  }
  const audit: AuditContext = { actor, platform: actorRef.platform, at: now };
  let isAdmin = await deps.store.isAdmin(workspace.id, actor.id);
  if (!isAdmin && deps.config.pmoAdmins.includes(actorRef.userId)) {
    await deps.store.setAdmin(workspace.id, actor.id, true, { ...audit, actor: null, label: "PMO_ADMINS" });
    isAdmin = true;
  }
  return { deps, actorRef, actor, workspace, isAdmin, now, audit, channelId };
}

async function lookupProfile(
  deps: CoreDeps,
  platform: Actor["platform"],
  workspaceId: string,
  userId: string,
) {
  try {
    const profile = await deps.platforms.get(platform)?.lookupUser?.(workspaceId, userId);
    return profile
      ? { displayName: profile.displayName, tz: profile.tz ?? null, isBot: profile.isBot ?? false }
      : {};
  } catch (error) {
    deps.logger.warn("user lookup failed", { platform, userId, error });
    return {};
  }
}

/**
 * Resolves a `<@ID|name>` mention to a person of the actor's workspace, creating them on first sight
 * (with the platform's profile when it has one). Bots cannot hold roles.
 */
export async function resolvePersonMention(ctx: CommandContext, word: string, what: string): Promise<Person> {
  const mention = parseMention(word);
  if (!mention) {
    throw new PulseError("invalid", `${what} must be a person mention like @ana, not "${word}".`);
  }
  let person = await ctx.deps.store.findPerson(ctx.workspace.id, mention.id);
  if (!person) {
    const profile = await lookupProfile(ctx.deps, ctx.actorRef.platform, ctx.workspace.id, mention.id);
    person = await ctx.deps.store.upsertPerson(
      ctx.workspace.id,
      mention.id,
      { ...(mention.name ? { displayName: mention.name } : {}), ...profile },
      ctx.now,
    );
  }
  if (person.isBot)
    throw new PulseError("invalid", `${person.displayName} is a bot; ${what} must be a person.`);
  return person;
}

export function requireAdmin(ctx: CommandContext, doing: string, admins: Person[]): void {
  if (ctx.isAdmin) return;
  const names = admins.map((a) => a.displayName).join(", ");
  throw new PulseError("forbidden", `Only a PMO admin can ${doing}.`, [
    names
      ? `PMO admins here: ${names}.`
      : "This workspace has no PMO admin yet: set PMO_ADMINS when starting the bot.",
  ]);
}

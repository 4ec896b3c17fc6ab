import type { Initiative, Workspace } from "../domain/types.js";
import { escalationMessage, escalationStep, shouldEscalate } from "../engagement/escalation.js";
import type { Engagement } from "../engagement/model.js";
import { parseEngagementSettings } from "../engagement/thresholds.js";
import type { OutboxMessage } from "../ports/checkin-store.js";
import type { CoreDeps } from "../ports/deps.js";
import { readEngagement } from "./engagement-facts.js";

/**
 * Walks the escalation ladder for these initiatives of one workspace: each step once per episode
 * (the unique key in the database guarantees it even for concurrent ticks), quiet while snoozed.
 * Returns how many steps were taken.
 */
export async function escalate(
  deps: CoreDeps,
  workspace: Workspace,
  initiatives: Initiative[],
  now: Date,
): Promise<number> {
  const active = initiatives.filter((i) => i.status === "active");
  if (active.length === 0) return 0;
  const ids = active.map((i) => i.id);
  const settings = parseEngagementSettings(workspace.settings);
  const { engagement } = await readEngagement(
    { store: deps.store, checkins: deps.checkins, sponsorPorts: deps },
    workspace,
    workspace.id,
    active,
    { now, settings, defaultTz: deps.config.defaultTz },
  );
  const existing = await deps.checkins.escalations(workspace.id, ids);
  let taken = 0;
  for (const initiative of active) {
    const e = engagement.get(initiative.id);
    const step = e ? escalationStep(e.state) : null;
    if (!e || !step || !e.episodeStart) continue;
    const episode = e.episodeStart.getTime();
    const mine = existing.filter((x) => x.initiativeId === initiative.id);
    const sameEpisode = mine.filter((x) => x.episode.getTime() === episode && x.resolvedAt === null);
    const snoozed = mine.filter((x) => x.resolvedAt === null).map((x) => x.snoozedUntil?.getTime() ?? 0);
    const snoozedUntil = snoozed.length ? new Date(Math.max(...snoozed)) : null;
    if (
      !shouldEscalate({
        level: step.level,
        alreadySentLevels: sameEpisode.map((x) => x.level),
        snoozedUntil,
        now,
      })
    )
      continue;
    const messages = await escalationMessages(
      deps,
      workspace,
      initiative,
      e,
      step.level,
      step.audiences,
      now,
    );
    const created = await deps.checkins.createEscalation(
      {
        workspaceId: workspace.id,
        initiativeId: initiative.id,
        episode: e.episodeStart,
        level: step.level,
        reasons: e.reasons,
        at: now,
      },
      messages,
    );
    if (created) taken++;
  }
  return taken;
}

async function escalationMessages(
  deps: CoreDeps,
  workspace: Workspace,
  initiative: Initiative,
  engagement: Engagement,
  level: Exclude<Engagement["state"], "engaged">,
  audiences: ("sponsor" | "lead" | "pmo")[],
  now: Date,
): Promise<OutboxMessage[]> {
  const message = escalationMessage({
    initiative: {
      name: initiative.name,
      slug: initiative.slug,
      stage: initiative.stage,
      daysInStage: Math.floor((now.getTime() - initiative.stageEnteredAt.getTime()) / 86_400_000),
    },
    ...(initiative.sponsors[0] ? { sponsorName: initiative.sponsors[0].displayName } : {}),
    leadNames: initiative.leads.map((p) => p.displayName),
    engagement,
    level,
  });
  const key = `escalation:${initiative.id}:${engagement.episodeStart?.getTime()}:${level}`;
  const base = {
    workspaceId: workspace.id,
    platform: workspace.platform,
    purpose: `escalation.${level}`,
    message,
  };
  const out: OutboxMessage[] = [];
  if (audiences.includes("sponsor")) {
    for (const p of initiative.sponsors)
      out.push({ ...base, target: { kind: "user", id: p.userId }, dedupeKey: `${key}:sponsor:${p.id}` });
  }
  if (audiences.includes("lead")) {
    for (const p of initiative.leads)
      out.push({ ...base, target: { kind: "user", id: p.userId }, dedupeKey: `${key}:lead:${p.id}` });
  }
  if (audiences.includes("pmo")) {
    const channel = initiative.pmoChannel ?? workspace.defaultChannel;
    if (channel) out.push({ ...base, target: { kind: "channel", id: channel }, dedupeKey: `${key}:pmo` });
    else {
      // No PMO channel configured: the PMO admins hear it directly rather than nobody.
      for (const admin of await deps.store.listAdmins(workspace.id)) {
        out.push({
          ...base,
          target: { kind: "user", id: admin.userId },
          dedupeKey: `${key}:admin:${admin.id}`,
        });
      }
    }
  }
  return out;
}

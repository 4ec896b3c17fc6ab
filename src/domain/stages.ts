import { PulseError } from "../core/errors.js";

export const STAGES = ["strategy", "poc", "architecture", "scaling", "operational"] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_NAMES: Record<Stage, string> = {
  strategy: "Strategy & vision",
  poc: "Proof of concept",
  architecture: "Models, frameworks & architecture",
  scaling: "Scaling to production",
  operational: "Operational AI",
};

/** Short labels for tight places (lists, digest counts). */
export const STAGE_SHORT: Record<Stage, string> = {
  strategy: "Strategy",
  poc: "POC",
  architecture: "Architecture",
  scaling: "Scaling",
  operational: "Operational",
};

export const STAGE_EXIT_EVIDENCE: Record<Stage, string> = {
  strategy: "business outcome and success metric defined; data readiness assessed",
  poc: "POC success criteria met against production-like data",
  architecture: "integration, data pipeline and governance plan agreed",
  scaling: "production owner named; sponsor re-confirmed; monitoring in place",
  operational: "value tracked on the business-case metric; drift monitoring running",
};

const ALIASES: Record<string, Stage> = {
  vision: "strategy",
  pilot: "poc",
  "proof-of-concept": "poc",
  arch: "architecture",
  build: "architecture",
  production: "scaling",
  prod: "scaling",
  scale: "scaling",
  ops: "operational",
  live: "operational",
  operate: "operational",
};

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

/** Accepts keys, aliases and 1…5, case-insensitively; undefined when nothing matches. */
export function resolveStage(input: string): Stage | undefined {
  const key = input.trim().toLowerCase();
  if (isStage(key)) return key;
  const alias = ALIASES[key];
  if (alias) return alias;
  if (/^[1-5]$/.test(key)) return STAGES[Number(key) - 1];
  return undefined;
}

export function stageHelp(): string[] {
  return STAGES.map((s, i) => {
    const aliases = Object.entries(ALIASES)
      .filter(([, v]) => v === s)
      .map(([k]) => k);
    return `${i + 1}. \`${s}\` — ${STAGE_NAMES[s]}${aliases.length ? ` (also: ${aliases.join(", ")})` : ""}`;
  });
}

export function parseStage(input: string): Stage {
  const stage = resolveStage(input);
  if (!stage) {
    throw new PulseError(
      "invalid",
      `"${input}" is not a stage. Use one of these (name, alias or number):`,
      stageHelp(),
    );
  }
  return stage;
}

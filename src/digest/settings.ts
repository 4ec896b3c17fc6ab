import { z } from "zod";

/**
 * What the digest reads from the workspace settings. `stageThresholdsDays` is the same key the
 * engagement settings carry, so those settings can be passed as they are (unknown keys are ignored).
 */
export const DigestSettingsSchema = z.object({
  stageThresholdsDays: z
    .object({
      strategy: z.number().int().positive().nullable().default(60),
      poc: z.number().int().positive().nullable().default(90),
      architecture: z.number().int().positive().nullable().default(60),
      scaling: z.number().int().positive().nullable().default(120),
      operational: z.number().int().positive().nullable().default(null),
    })
    .prefault({}),
  /** Lines per list section before "and N more". */
  maxLinesPerSection: z.number().int().min(1).max(100).default(10),
  /** IANA zone for the dates shown in lines. */
  timeZone: z.string().min(1).default("UTC"),
});
export type DigestSettings = z.infer<typeof DigestSettingsSchema>;
export type DigestSettingsInput = z.input<typeof DigestSettingsSchema>;

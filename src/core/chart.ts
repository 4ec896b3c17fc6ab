/**
 * A chart as data, carried by the message model so that each adapter draws it its own way
 * (a PNG on Slack, an image on a Teams card, text bars in the shell). It lives on the ground
 * floor because `message.ts` carries it; the builders and renderers are in `src/charts/`.
 */

/**
 * What a series stands for; the renderers turn it into a colour through one palette. The
 * engagement states are spelled out here because the ground floor may not import the
 * engagement model (`src/charts/model.ts` checks that the two lists agree).
 */
export type ChartTone = "engaged" | "cooling" | "lapsing" | "lapsed" | "unsponsored" | "neutral" | "accent";

export interface ChartSeries {
  name: string;
  tone: ChartTone;
  /** One per category; null is a gap (no data that week), drawn as nothing rather than as zero. */
  values: (number | null)[];
}

export interface Chart {
  kind: "stacked-bars" | "lines";
  title: string;
  /** The x axis, oldest first (week labels). */
  categories: string[];
  series: ChartSeries[];
  unit?: "%" | "";
  /** One sentence saying what it shows: the alt text and the text fallback. */
  summary: string;
}

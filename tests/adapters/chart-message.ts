/** A weekly digest-like message with an 8-week engagement chart, shared by the adapter chart tests. */
import { engagementChart } from "../../src/charts/model.js";
import type { Message } from "../../src/core/message.js";

const LABELS = ["12 Oct", "19 Oct", "26 Oct", "2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"];

export const CHART = engagementChart(
  LABELS.map((label, i) => ({
    label,
    end: new Date(Date.UTC(2026, 9, 12 + 7 * i)),
    counts: { engaged: 31 - i, cooling: 4, lapsing: 2, lapsed: i > 2 ? 5 : i, unsponsored: 3 },
  })),
);

export const CHART_DIGEST: Message = {
  title: "Weekly PMO digest",
  summary: "40 initiatives · 7 need a sponsor conversation",
  sections: [{ text: "**40 initiatives**" }, { heading: CHART.title, chart: CHART }, { lines: ["one line"] }],
};

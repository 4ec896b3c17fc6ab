import { describe, expect, it } from "vitest";
import { plain } from "../../../src/core/message.js";
import { buildDigest } from "../../../src/digest/build.js";
import { DigestSnapshotSchema } from "../../../src/digest/model.js";
import {
  DigestFormatSchema,
  digestToJson,
  digestToMarkdown,
  digestToMessage,
  digestToText,
  renderDigest,
} from "../../../src/digest/render.js";
import { eightWeeks, NOW } from "../../fixtures/digest/eight-weeks.js";

const digest = buildDigest(eightWeeks(), NOW, { maxLinesPerSection: 4 });
const slugs = digest.sections.flatMap((s) => s.lines.flatMap((l) => (l.slug ? [l.slug] : [])));

describe("digestToMessage (neutral model)", () => {
  const msg = digestToMessage(digest);

  it("uses the headline as the notification fallback and one section per digest section", () => {
    expect(msg.summary).toBe(digest.headline);
    expect(msg.title).toBe("Weekly PMO digest · Acme Insurance");
    expect(msg.tone).toBe("warning");
    expect(msg.sections.slice(1).map((s) => s.heading)).toEqual(digest.sections.map((s) => s.title));
  });

  it("names the slug on every initiative line and says how many more", () => {
    const lines = msg.sections.flatMap((s) => s.lines ?? []);
    for (const slug of slugs) expect(lines.some((l) => l.includes(`\`${slug}\``))).toBe(true);
    expect(lines).toContain("_and 1 more — full list: `sponsor-pulse export`_");
    expect(plain(lines.find((l) => l.includes("churn-predictor")) ?? "")).toMatch(
      /^Churn predictor `churn-predictor` — lapsed/,
    );
  });
});

describe("long lines", () => {
  it("are cut in the digest, and a message section stays under Slack's 3,000 characters", () => {
    const input = eightWeeks();
    input.initiatives = Array.from({ length: 12 }, (_, n) => ({
      ...(input.initiatives[0] as (typeof input.initiatives)[number]),
      slug: `long-${n}`,
      engagement: { state: "lapsed" as const, reasons: [`${"very long reason ".repeat(30)}end`] },
    }));
    const d = buildDigest(input, NOW);
    const attention = d.sections.find((s) => s.key === "attention");
    for (const l of attention?.lines ?? []) expect(l.text.length).toBeLessThanOrEqual(320);
    expect(attention?.lines[1]?.text.endsWith("…")).toBe(true);

    const msg = digestToMessage(d);
    const section = msg.sections.find((s) => s.heading === "Needs attention");
    const joined = (section?.lines ?? []).map((l) => `• ${l}`).join("\n");
    expect(joined.length).toBeLessThan(3000);
    // 16 lines in all: the no-bot line, 12 lapsed, 2 escalations, 1 overdue ask.
    const shown = (section?.lines?.length ?? 0) - 1;
    expect(shown).toBeLessThan(10);
    expect(section?.lines?.at(-1)).toBe(`_and ${16 - shown} more — full list: \`sponsor-pulse export\`_`);
  });
});

describe("digestToText", () => {
  it("is plain text: no bold markup, every slug present, the cap explained", () => {
    const text = digestToText(digest);
    expect(text).not.toContain("**");
    expect(text.split("\n")[1]).toBe(digest.headline);
    for (const slug of slugs) expect(text).toContain(`[${slug}]`);
    expect(text).toContain("- and 1 more — full list: `sponsor-pulse export`");
  });
});

describe("digestToMarkdown", () => {
  it("has a title, headline, section headings and code-span slugs", () => {
    const md = digestToMarkdown(digest);
    expect(md.startsWith("# Weekly PMO digest · Acme Insurance\n\n**7 initiatives")).toBe(true);
    for (const s of digest.sections) expect(md).toContain(`\n## ${s.title}\n`);
    expect(md).toContain("- **Churn predictor** (`churn-predictor`) — lapsed: ");
  });

  it("escapes markup in names and sponsor text, but not in code spans", () => {
    const input = eightWeeks();
    input.notes = [
      { slug: "x_y", name: "*Bold* name", by: "Dana", text: "need <access> to [data] #now", at: NOW },
    ];
    const md = digestToMarkdown(buildDigest(input, NOW));
    expect(md).toContain(
      "- **\\*Bold\\* name** (`x_y`) — 23 Nov · Dana: “need \\<access\\> to \\[data\\] \\#now”",
    );
  });
});

describe("digestToJson", () => {
  it("is stable: same digest, same bytes, keys sorted", () => {
    const a = digestToJson(buildDigest(eightWeeks(), NOW));
    const b = digestToJson(buildDigest(eightWeeks(), NOW));
    expect(a).toBe(b);
    expect(a.endsWith("}\n")).toBe(true);
    const top = Object.keys(JSON.parse(a) as object);
    expect(top).toEqual([...top].sort());
  });

  it("round-trips the structure, and its snapshot is what the next digest reads", () => {
    const parsed = JSON.parse(digestToJson(digest)) as typeof digest;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(digest)));
    expect(DigestSnapshotSchema.parse(parsed.snapshot)).toEqual(digest.snapshot);
    expect(parsed.periodEnd).toBe("2026-11-23T08:00:00.000Z");
  });
});

describe("renderDigest (the CLI's --format)", () => {
  it("picks the rendering by format and refuses unknown formats", () => {
    expect(renderDigest(digest, "text")).toBe(digestToText(digest));
    expect(renderDigest(digest, "md")).toBe(digestToMarkdown(digest));
    expect(renderDigest(digest, "json")).toBe(digestToJson(digest));
    expect(DigestFormatSchema.safeParse("html").success).toBe(false);
  });
});

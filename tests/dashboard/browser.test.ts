/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core opens a
 * sign-in link as a PMO admin would (from another page: the SameSite=Strict session cookie must still
 * be set and sent) and presses its button, and the screenshot shows the heatmap in the engagement
 * colours. Skipped, saying why, where
 * Chromium is not installed (.ci/run installs it).
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PALETTE } from "../../src/charts/model.js";
import { ENGAGEMENT_STATES } from "../../src/engagement/model.js";
import { type DashboardHarness, startDashboard } from "./harness.js";
import { decodePng } from "./png.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

let h: DashboardHarness;
beforeAll(async () => {
  if (hasChromium) h = await startDashboard(60);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

describe("the dashboard in Chromium", { timeout: 90_000 }, () => {
  it.skipIf(!hasChromium)(
    `shows the heatmap after a sign-in link (needs Chromium at ${CHROMIUM})`,
    async () => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        await page.setContent(`<a id="go" href="${await h.link()}">dashboard</a>`);
        await page.click("#go");
        await page.waitForURL(/\/dashboard\/login\?t=/);
        await page.getByRole("button", { name: "Open the dashboard" }).click();
        await page.waitForURL(`${h.base}/dashboard`);
        const heatmap = page.locator("#heatmap");
        await heatmap.waitFor({ state: "visible" });
        expect(await page.title()).toBe("Portfolio · Sponsor Pulse");
        expect(await heatmap.locator("td.e").count()).toBeGreaterThan(0);

        const box = await heatmap.boundingBox();
        if (!box) throw new Error("the heatmap has no box");
        const image = decodePng(await page.screenshot({ fullPage: true }));
        const found = new Map<string, number>();
        const wanted = ENGAGEMENT_STATES.map((s) => [s, rgb(PALETTE[s])] as const);
        for (let y = Math.floor(box.y); y < Math.min(image.height, box.y + box.height); y++) {
          for (let x = Math.floor(box.x); x < Math.min(image.width, box.x + box.width); x++) {
            const i = (y * image.width + x) * 4;
            for (const [state, [r = 0, g = 0, b = 0]] of wanted) {
              const p = image.pixels;
              if (
                Math.abs((p[i] ?? 0) - r) + Math.abs((p[i + 1] ?? 0) - g) + Math.abs((p[i + 2] ?? 0) - b) <
                12
              )
                found.set(state, (found.get(state) ?? 0) + 1);
            }
          }
        }
        // Cells of engaged and of at least one other state, each many pixels.
        expect(found.get("engaged") ?? 0).toBeGreaterThan(500);
        expect([...found].filter(([s, n]) => s !== "engaged" && n > 100).length).toBeGreaterThan(0);
      } finally {
        await browser.close();
      }
    },
  );
});

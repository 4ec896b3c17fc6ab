import { inflateSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fallbackText, renderActivity, renderCard } from "../../../adapters/teams/render.js";
import { CHART, CHART_DIGEST } from "../chart-message.js";
import { fixture, type Harness, RecordingCore, startHarness } from "./harness.js";
import { compileSchema } from "./json-schema.js";

type El = Record<string, unknown>;
const TENANT = "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";
const CHANNEL = "19:4b6d8f0a2c4e4f6a8b0c2d4e6f8a0b2c@thread.tacv2";
const validate = compileSchema("adaptive-card.v1.5.subset.json");

function image(card: El): El | undefined {
  return (card.body as El[]).find((e) => e.type === "Image");
}

describe("a chart on Teams", () => {
  it("is an Image of the PNG as a data URI, with the summary as altText and as text above it", () => {
    const card = renderCard(CHART_DIGEST);
    expect(validate(card), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const img = image(card);
    expect(img).toMatchObject({ altText: CHART.summary });
    const url = String(img?.url);
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    const png = Buffer.from(url.slice("data:image/png;base64,".length), "base64");
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([640, 300]);
    const idat = png.indexOf("IDAT");
    expect(inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4))).length).toBe(641 * 300);
    // Well within Teams' card limit (about 28 KB for a card, 80 KB advised for a message).
    expect(JSON.stringify(renderActivity(CHART_DIGEST)).length).toBeLessThan(8_000);
    const body = card.body as El[];
    expect(body[body.indexOf(img!) - 1]).toMatchObject({ type: "TextBlock", text: CHART.summary });
    expect(fallbackText(CHART_DIGEST)).toContain(CHART.summary);
  });

  it("the schema subset refuses an Image without a url or with an unknown size", () => {
    const ok = { type: "AdaptiveCard", version: "1.5", body: [] as El[] };
    expect(validate({ ...ok, body: [{ type: "Image", url: "data:image/png;base64,AAAA" }] })).toBe(true);
    expect(validate({ ...ok, body: [{ type: "Image", altText: "x" }] })).toBe(false);
    expect(validate({ ...ok, body: [{ type: "Image", url: "x", size: "Huge" }] })).toBe(false);
  });

  describe("sent over the real botbuilder adapter", () => {
    let h: Harness;
    beforeEach(async () => {
      h = await startHarness({ core: new RecordingCore() });
    });
    afterEach(async () => {
      await h.close();
    });

    it("reaches the channel as one activity carrying the chart card", async () => {
      await h.post(fixture("channel-mention", h.stub.url));
      h.stub.calls.length = 0;
      await h.teams.platform.send(TENANT, { kind: "channel", id: CHANNEL }, CHART_DIGEST, {
        dedupeKey: "digest:chart",
      });
      expect(h.stub.calls).toMatchObject([{ kind: "send", conversationId: CHANNEL, status: 200 }]);
      const sent = h.stub.calls[0]?.body as { attachments?: { content: El }[] };
      const card = sent.attachments?.[0]?.content as El;
      expect(validate(card)).toBe(true);
      expect(image(card)).toMatchObject({ altText: CHART.summary });
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandName, Reply } from "../../../src/core/inbound.js";
import { dumpDatabase, replyText } from "../../support/pulse-fixture.js";
import { click, type World, world } from "./harness.js";

let w: World;

beforeAll(async () => {
  w = await world("2026-03-03T10:00:00Z");
  const { pulse } = w;
  // The platform knows the people of this workspace; EXT… ids belong to another one.
  w.platform.lookupUser = async (_ws, userId) =>
    userId.startsWith("EXT") ? undefined : { displayName: userId };
  await pulse.deps.store.ensureWorkspace("T2", "shell", w.clock.now());
  await pulse.deps.store.upsertPerson("T2", "EXT1", { displayName: "Outsider" }, w.clock.now());
  await pulse.deps.store.upsertPerson("local", "botty", { displayName: "Botty", isBot: true }, w.clock.now());
  await pulse.run("pmo", "initiative", "add Churn model --sponsor <@ana|ana> --lead <@bo|bo> --stage poc");
  await pulse.run("pmo", "initiative", "add Fraud scoring --sponsor <@zed|zed> --lead <@bo|bo>");
  await pulse.run("zed", "pulse", "delegate <@cy|cy>"); // Cy is Zed's delegate
  await pulse.run("bo", "ask", "churn Approve the data contract");
  await pulse.run("bo", "ask", "churn Old question");
  await pulse.run("bo", "ask", "cancel 2");
  // Every speaker once, so first-sight profile updates are not mistaken for changes below.
  for (const who of ["ana", "bo", "cy", "zed", "pmo"]) await pulse.run(who, "pulse", "away");
});

afterAll(async () => {
  await w?.pulse.close();
});

async function refused(run: () => Promise<Reply[]>, expected: string | RegExp): Promise<void> {
  const before = dumpDatabase(w.pulse);
  const replies = await run();
  const text = replyText(replies);
  if (typeof expected === "string") expect(text).toContain(expected);
  else expect(text).toMatch(expected);
  expect(replies.every((r) => r.audience === "ephemeral")).toBe(true);
  expect(dumpDatabase(w.pulse)).toEqual(before);
}

const cmd = (who: string, command: CommandName, text: string) => () => w.pulse.run(who, command, text);

describe("bad input is refused with what to type instead, and changes nothing", () => {
  it.each([
    ["an away period that ends before it starts", "away 2026-03-20 2026-03-10", "is before the first"],
    ["an away period that ends in the past", "away 2026-02-02 2026-02-20", "2026-02-20 is in the past"],
    ["an away period longer than a year", "away 2026-03-10 2027-04-01", "limited to a year"],
    [
      "an away date that does not parse",
      "away 10/03/2026 2026-03-20",
      "write the first day away as YYYY-MM-DD",
    ],
    ["away until a date that does not parse", "away until next-friday", "YYYY-MM-DD"],
  ])("%s", async (_what, text, expected) => {
    await refused(cmd("ana", "pulse", text), expected);
  });

  it("/pulse away @user by someone who is not a PMO admin", async () => {
    await refused(
      cmd("bo", "pulse", "away <@ana|ana> 2026-03-10 2026-03-12"),
      "Only a PMO admin can set time away",
    );
  });

  it.each([
    ["the sponsor themself", "delegate <@ana|ana>", "cannot be your own delegate"],
    ["a bot", "delegate <@botty|botty>", "Botty is a bot"],
    ["a person of another workspace", "delegate <@EXT1>", "not a member of this workspace"],
    ["someone who has a delegate (a chain)", "delegate <@zed|zed>", "delegates cannot be chained"],
    ["not a mention", "delegate ana", "must be a person mention"],
  ])("a delegate who is %s", async (_what, text, expected) => {
    await refused(cmd("ana", "pulse", text), expected);
  });

  it("a delegate naming a delegate of their own", async () => {
    await refused(cmd("cy", "pulse", "delegate <@bo|bo>"), "a delegate cannot name a delegate");
  });

  it("a delegate named for someone else by a non-admin", async () => {
    await refused(cmd("bo", "pulse", "delegate <@ana|ana> <@cy|cy>"), "Only a PMO admin");
  });

  it.each([
    ["no text", "churn", "The ask is empty"],
    ["text over 2,000 characters", `churn ${"x".repeat(2_001)}`, "2001 characters; the limit is 2000"],
    ["an unknown initiative", "payroll Approve it", 'There is no initiative "payroll"'],
    ["a --by date in the past", "churn Approve it --by 2026-03-01", "--by 2026-03-01 is in the past"],
    ["a --by date that does not parse", "churn Approve it --by tomorrow", "YYYY-MM-DD"],
  ])("/ask with %s", async (_what, text, expected) => {
    await refused(cmd("bo", "ask", text), expected);
  });

  it("/ask by someone who is neither lead nor PMO admin", async () => {
    await refused(cmd("ana", "ask", "churn Approve it"), "Only a lead of Churn model or a PMO admin");
  });

  it.each([
    ["/pulse country", "ana", "country XX", '"XX" is not a country code I know'],
    ["/pulse holidays import", "pmo", "holidays import Narnia", '"Narnia" is not a country code I know'],
    ["/pulse holidays add", "pmo", "holidays add 2026-02-30 Leap", '"2026-02-30" is not a date'],
    ["/pulse holidays remove", "pmo", "holidays remove soon", '"soon" is not a date'],
    ["/pulse holidays add by a non-admin", "bo", "holidays add 2026-12-24", "Only a PMO admin"],
  ])("%s with bad input", async (_what, who, text, expected) => {
    await refused(cmd(who, "pulse", text), expected);
  });

  it("a click on an ask addressed to someone else", async () => {
    await refused(
      () => click(w.pulse, "bo", "ask.done", "1:dm"),
      "addressed to Ana; only they can answer it",
    );
  });

  it("a click on an ask that is closed", async () => {
    await refused(() => click(w.pulse, "ana", "ask.done", "2:dm"), "Ask #2 is already cancelled");
  });

  it("a click on an ask that does not exist", async () => {
    await refused(() => click(w.pulse, "ana", "ask.done", "99:dm"), "does not exist");
  });
});

import { describe, expect, it } from "vitest";
import { parseArgs, parseChannel, parseMention, splitWords } from "../../../src/commands/tokenize.js";

describe("splitWords", () => {
  it("splits on white space and keeps quoted groups", () => {
    expect(splitWords(`add "Churn model" --note 'a b'`)).toEqual(["add", "Churn model", "--note", "a b"]);
    expect(splitWords("add “Smart quotes” ok")).toEqual(["add", "Smart quotes", "ok"]);
    expect(splitWords('empty ""')).toEqual(["empty", ""]);
  });
});

describe("parseArgs", () => {
  it("separates words from flags, a flag's value running to the next flag", () => {
    const args = parseArgs("churn scaling ready now --force pilot data not ready --other x");
    expect(args.words).toEqual(["churn", "scaling", "ready", "now"]);
    expect(args.flags.get("force")).toBe("pilot data not ready");
    expect(args.flags.get("other")).toBe("x");
  });

  it("accepts the em dash phones and Slack substitute for --", () => {
    expect(parseArgs("x —force because").flags.get("force")).toBe("because");
    expect(parseArgs("x –stage poc").flags.get("stage")).toBe("poc");
  });

  it("reports repeated flags", () => {
    expect(parseArgs("x --lead a --lead b").repeated).toEqual(["lead"]);
  });
});

describe("mentions", () => {
  it("parses people and channels in the canonical form", () => {
    expect(parseMention("<@U123|ana>")).toEqual({ id: "U123", name: "ana" });
    expect(parseMention("<@U123>")).toEqual({ id: "U123" });
    expect(parseMention("@ana")).toBeUndefined();
    expect(parseChannel("<#C1|pmo>")).toEqual({ id: "C1", name: "pmo" });
    expect(parseChannel("#pmo")).toBeUndefined();
  });
});

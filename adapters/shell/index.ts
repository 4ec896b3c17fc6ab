import { createInterface } from "node:readline";
import type { Actor, Reply } from "../../src/core/inbound.js";
import type { Message } from "../../src/core/message.js";
import type { ChatPlatform, Target } from "../../src/core/platform.js";
import type { PulseCore } from "../../src/core/pulse.js";
import { parseCommandLine } from "./inbound.js";
import { type NumberedChoice, renderText } from "./render.js";

export interface ShellAdapterConfig {
  /** Who speaks first (a PMO admin, seeded by the CLI). */
  speaker: string;
  write: (text: string) => void;
  workspaceId?: string;
  /** Echo each input line (useful when input is piped, so the transcript reads well). */
  echo?: boolean;
  tz?: string;
}

export interface ShellAdapter {
  platform: ChatPlatform;
  /** Reads commands line by line; with `terminal`, shows a "<speaker>> " prompt with line editing and history. */
  run(core: PulseCore, input: NodeJS.ReadableStream, terminal?: NodeJS.WritableStream): Promise<void>;
}

const SHELL_HELP = [
  "Type the same commands as in Slack or Teams, with or without the slash:",
  "  /initiative add Churn model --sponsor @ana --lead @bo",
  "  /stage churn poc Pilot approved",
  "Shell verbs:",
  "  :as <name>   speak as someone else (e.g. the sponsor, to answer a check-in)",
  "  :who         who is speaking",
  "  :home        your overview",
  "  :help        this help",
  "  :quit        leave (end of input works too)",
  "  <number>     pick a numbered choice of the last message to you; for a text choice add the text",
];

/**
 * The terminal adapter: one person at a keyboard plays every role. Proactive messages print as
 * "DM to <name>" / "#channel" blocks, so check-ins and digests are visible as they go out.
 */
export function createShellAdapter(config: ShellAdapterConfig): ShellAdapter {
  const workspaceId = config.workspaceId ?? "local";
  let speaker = config.speaker;
  let refCounter = 0;
  /** Last numbered choices shown to each person. */
  const choicesFor = new Map<string, NumberedChoice[]>();

  const show = (header: string, msg: Message, recipient: string) => {
    const rendered = renderText(msg);
    if (rendered.choices.length) choicesFor.set(recipient, rendered.choices);
    config.write(`${header}\n${rendered.text}\n`);
  };

  const platform: ChatPlatform = {
    platform: "shell",
    async send(_ws: string, target: Target, msg: Message) {
      const ref = `shell:${target.kind}:${target.id}:${++refCounter}`;
      show(
        target.kind === "user" ? `── DM to ${target.id} ──` : `── #${target.id} ──`,
        msg,
        target.kind === "user" ? target.id : speaker,
      );
      return ref;
    },
    async update(_ws: string, ref: string, msg: Message) {
      const [, kind, id] = ref.split(":");
      show(
        `── updated ${kind === "user" ? `DM to ${id}` : `#${id}`} ──`,
        msg,
        kind === "user" ? (id ?? speaker) : speaker,
      );
    },
    async lookupUser(_ws: string, userId: string) {
      return { displayName: userId, ...(config.tz ? { tz: config.tz } : {}) };
    },
  };

  const actor = (): Actor => ({
    platform: "shell",
    workspaceId,
    userId: speaker,
    displayName: speaker,
    ...(config.tz ? { tz: config.tz } : {}),
  });

  const printReplies = (replies: Reply[]) => {
    for (const reply of replies) {
      const header =
        reply.audience === "channel"
          ? "── posted in the channel ──"
          : reply.audience === "replace"
            ? "── message updated ──"
            : "";
      const rendered = renderText(reply.message);
      if (rendered.choices.length) choicesFor.set(speaker, rendered.choices);
      config.write(`${header ? `${header}\n` : ""}${rendered.text}\n`);
    }
  };

  async function pick(core: PulseCore, n: number, text: string): Promise<void> {
    const choice = choicesFor.get(speaker)?.find((c) => c.n === n);
    if (!choice) {
      config.write(
        `There is no choice ${n} for ${speaker}. (:as <name> to speak as the person it was sent to.)\n`,
      );
      return;
    }
    if (choice.takesText && !text) {
      config.write(`Type ${n} followed by your text.\n`);
      return;
    }
    printReplies(
      await core.handle({
        kind: "action",
        actor: actor(),
        actionId: choice.actionId,
        value: choice.value,
        ...(choice.takesText ? { inputs: { [choice.actionId]: text } } : {}),
      }),
    );
  }

  async function line(core: PulseCore, raw: string): Promise<boolean> {
    const text = raw.trim();
    if (!text || text.startsWith("//")) return true;
    if (config.echo) config.write(`${speaker}> ${text}\n`);
    if (text.startsWith(":")) {
      const [verb, ...rest] = text.slice(1).split(/\s+/);
      switch (verb) {
        case "as": {
          const name = rest.join(" ").replace(/^@/, "");
          if (!/^[\p{L}\p{N}._-]+$/u.test(name))
            config.write("Usage: :as <name> (one word, like ana or bo.smith)\n");
          else {
            speaker = name;
            config.write(`(now speaking as ${speaker})\n`);
          }
          return true;
        }
        case "who":
          config.write(`(speaking as ${speaker})\n`);
          return true;
        case "home":
          show("", await core.home(actor()), speaker);
          return true;
        case "quit":
        case "exit":
          return false;
        default:
          config.write(`${SHELL_HELP.join("\n")}\n`);
          return true;
      }
    }
    const numbered = /^(\d+)(?:\s+([\s\S]*))?$/.exec(text);
    if (numbered) {
      await pick(core, Number(numbered[1]), numbered[2]?.trim() ?? "");
      return true;
    }
    const command = parseCommandLine(text);
    if (!command) {
      config.write(
        `I do not know "${text.split(/\s+/)[0]}". Try /pulse help, or :help for the shell's own verbs.\n`,
      );
      return true;
    }
    printReplies(await core.handle({ kind: "command", actor: actor(), ...command }));
    return true;
  }

  return {
    platform,
    async run(core, input, terminal) {
      const rl = terminal
        ? createInterface({ input, output: terminal, terminal: true, historySize: 200 })
        : createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
      const prompt = () => {
        if (!terminal) return;
        rl.setPrompt(`${speaker}> `);
        rl.prompt();
      };
      prompt();
      for await (const raw of rl) {
        if (!(await line(core, raw))) break;
        prompt();
      }
      rl.close();
    },
  };
}

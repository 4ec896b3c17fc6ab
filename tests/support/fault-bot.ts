/**
 * The real bot as a child process (`node src/cli/bin.mjs start`), for tests that kill it, restart it,
 * and read what it logged.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { BIN } from "./cli.js";

export interface BotProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** Everything the process wrote to stderr (the JSON-lines log) and stdout. */
  stderr(): string;
  stdout(): string;
  /** Resolves once GET /healthz answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  /** `kill -9`: no shutdown hook runs. */
  crash(): void;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** A port nobody listens on right now (the bot binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function spawnBot(env: Record<string, string>, args: string[] = ["start"]): Promise<BotProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  let out = "";
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    baseUrl,
    exited,
    stderr: () => err,
    stdout: () => out,
    async ready(timeoutMs = 20_000) {
      const start = Date.now();
      for (;;) {
        if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode}: ${err}`);
        try {
          const res = await fetch(`${baseUrl}/healthz`);
          if (res.ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() - start > timeoutMs) throw new Error(`bot not ready after ${timeoutMs} ms: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    crash() {
      if (child.exitCode === null) child.kill("SIGKILL");
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Polls `check` until it returns true (behaviour, not timing: the deadline only bounds a hang). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

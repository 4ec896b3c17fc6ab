#!/usr/bin/env node
// The development launcher: runs the TypeScript sources through tsx, no build step (the tests spawn
// it). The installed `sponsor-pulse` command is the compiled dist/src/cli/main.js (`npm run build`).
import { register } from "tsx/esm/api";

register();
await import("./main.ts");

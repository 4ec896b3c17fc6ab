#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx sponsor-pulse` needs no build step.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");

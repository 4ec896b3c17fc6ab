// Preloaded with `node --import`: every module URL the process resolves is appended to the file named by
// RECORD_IMPORTS_TO, so a test can tell which packages a command loaded.
import { register } from "node:module";

register("./record-imports-hooks.mjs", import.meta.url, { data: { file: process.env.RECORD_IMPORTS_TO } });

// `npm run build`, after tsc: the files the compiled code reads by path at run time (each module finds
// them next to itself, through import.meta.url), copied to the same place under dist/.
import { cpSync, rmSync } from "node:fs";

const ASSETS = ["db/migrations", "db/pg/migrations"];

for (const path of ASSETS) {
  // A migration removed or renamed in the sources must not survive in dist/.
  rmSync(`dist/${path}`, { recursive: true, force: true });
  cpSync(path, `dist/${path}`, { recursive: true });
}

// Module hooks (they run on Node's loader thread) for record-imports.mjs.
import { appendFileSync } from "node:fs";

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  // Written at once: the process may exit right after its last import.
  if (file) appendFileSync(file, `${result.url}\n`);
  return result;
}

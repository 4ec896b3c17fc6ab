import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const schemaDir = join(import.meta.dirname, "../../../adapters/teams/schema");

// ajv-formats is CommonJS with a default export; NodeNext sees the module object.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

/** A schema file of adapters/teams/schema as parsed JSON. */
export function readSchema<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(join(schemaDir, file), "utf8")) as T;
}

/** Compiles a schema of adapters/teams/schema for offline validation, with every error reported. */
export function compileSchema(file: string): ValidateFunction {
  const schema = readSchema(file);
  // The files declare draft-04 or draft-06 but use nothing Ajv's default draft treats differently.
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

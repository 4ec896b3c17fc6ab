/** Error codes the dispatch edge turns into a sentence for the person. */
export type PulseErrorCode =
  | "usage"
  | "not_found"
  | "ambiguous"
  | "forbidden"
  | "invalid"
  | "conflict"
  | "gate"
  | "closed"
  | "retry"
  | "config";

/**
 * An expected failure with a message meant for the person who caused it. Anything that is not a
 * PulseError is a bug and is reported as "something went wrong" (the details go to the log only).
 */
export class PulseError extends Error {
  readonly code: PulseErrorCode;
  /** Extra lines shown under the message (candidates, missing gate items, usage). */
  readonly details: string[];

  constructor(code: PulseErrorCode, message: string, details: string[] = []) {
    super(message);
    this.name = "PulseError";
    this.code = code;
    this.details = details;
  }
}

export function isPulseError(error: unknown): error is PulseError {
  return error instanceof PulseError;
}

/** A job's failure as status reports it: a stable code and the error's message. */
export interface GenerationFailure {
  /** `CANCELLED`, a `SowError` code (`INVALID_ARGUMENT`, `NUMERICAL`, ...), a system code, or `ERROR`. */
  readonly code: string;
  /** The message of the error that failed the job. */
  readonly message: string;
}

const PATTERN = /^\[([A-Za-z0-9_]+)\] ([\s\S]*)$/;

/**
 * Renders a failure as the text BullMQ keeps as the job's failed reason, `[CODE] message`, so the code
 * survives the trip through Redis; {@link parseFailureReason} reads it back.
 * @example
 * formatFailureReason({ code: 'CANCELLED', message: 'cancelled by request' }); // '[CANCELLED] cancelled by request'
 */
export function formatFailureReason(failure: GenerationFailure): string {
  return `[${failure.code}] ${failure.message}`;
}

/**
 * Reads a failed reason written by {@link formatFailureReason}; any other text (BullMQ's own reasons,
 * such as a job stalled too often) comes back with code `ERROR`.
 * @example
 * parseFailureReason('[NUMERICAL] latents are NaN'); // { code: 'NUMERICAL', message: 'latents are NaN' }
 */
export function parseFailureReason(reason: string): GenerationFailure {
  const match = PATTERN.exec(reason);
  return match === null ? { code: 'ERROR', message: reason } : { code: match[1]!, message: match[2]! };
}

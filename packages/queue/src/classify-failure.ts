import { isRetryableHttpStatus, SowError } from '@sow/core';

/** How a failed job is treated: `permanent` fails it at once, `transient` retries it with backoff. */
export type FailureKind = 'permanent' | 'transient';

/** What {@link classifyFailure} decides about an error. */
export interface FailureClass {
  /** Retry or not. */
  readonly kind: FailureKind;
  /** A stable code: the `SowError` code, a Node system error code, or `ERROR` when there is none. */
  readonly code: string;
}

/**
 * `SowError` codes that no retry can fix: bad input, a model that does not fit, a missing device,
 * non-finite numbers (`NUMERICAL`). Matched by the code string, so errors from any copy of core count.
 */
export const PERMANENT_ERROR_CODES: readonly string[] = Object.freeze([
  'INVALID_ARGUMENT',
  'SHAPE_MISMATCH',
  'MODEL_IO',
  'MODEL_LOAD',
  'UNSUPPORTED_MODEL',
  'BACKEND_UNAVAILABLE',
  'NUMERICAL',
]);

/** Programming errors: retrying runs the same code into the same bug. */
const BUG_NAMES = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError']);

/**
 * Decides whether a job that threw `error` should be retried. Permanent: the {@link PERMANENT_ERROR_CODES},
 * an MLLM provider's client errors (401, 403, 400: a missing key or a refused request), programming
 * errors (`TypeError`, ...). Transient: MLLM rate limits, timeouts and server errors, invalid MLLM
 * replies (a sampled answer may be valid next time), network and Redis errors, and anything else.
 * @example
 * classifyFailure(new MllmProviderError('gemini', 429, 'rate limited')); // { kind: 'transient', code: 'MLLM_PROVIDER' }
 */
export function classifyFailure(error: unknown): FailureClass {
  if (SowError.isInstance(error)) {
    const code = String(error.code);
    if (PERMANENT_ERROR_CODES.includes(code)) return { kind: 'permanent', code };
    const status = (error as { status?: unknown }).status;
    if (code === 'MLLM_PROVIDER' && typeof status === 'number' && !isRetryableHttpStatus(status)) {
      return { kind: 'permanent', code };
    }
    return { kind: 'transient', code };
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== '') return { kind: 'transient', code };
    if (BUG_NAMES.has(error.name)) return { kind: 'permanent', code: error.name };
  }
  return { kind: 'transient', code: 'ERROR' };
}

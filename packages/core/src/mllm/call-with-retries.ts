import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import { MllmProviderError } from './mllm-provider-error.js';

/** Timeout and retry settings an MLLM adapter applies to every request. */
export interface MllmCallSettings {
  /** Deadline of one attempt, in ms, from sending to the full reply. Default 60000. */
  readonly timeoutMs: number;
  /** Retries after the first attempt on HTTP 408, 429 and 5xx. Default 2. */
  readonly maxRetries: number;
  /** Backoff before the first retry when the server sends no `Retry-After`, in ms; doubles per retry. Default 1000. */
  readonly initialDelayMs: number;
  /** Longest wait before a retry, in ms; a `Retry-After` beyond it fails at once instead. Default 30000. */
  readonly maxDelayMs: number;
}

/** Frozen defaults of {@link MllmCallSettings}. */
export const DEFAULT_MLLM_CALL_SETTINGS: Readonly<MllmCallSettings> = Object.freeze({
  timeoutMs: 60_000,
  maxRetries: 2,
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
});

/** An adapter's reading of a failed attempt: HTTP status, a key-free detail, and the server's wait. */
export interface MllmFailure {
  /** HTTP status, or `undefined` for a network error. */
  readonly status: number | undefined;
  /** What went wrong, already stripped of any secret. */
  readonly detail: string;
  /** The wait the server asked for (`Retry-After`), in ms. */
  readonly retryAfterMs?: number;
}

/** Merges partial settings over {@link DEFAULT_MLLM_CALL_SETTINGS} and checks them at an API boundary. */
export function resolveMllmCallSettings(fn: string, settings: Partial<MllmCallSettings>): MllmCallSettings {
  const merged: MllmCallSettings = { ...DEFAULT_MLLM_CALL_SETTINGS, ...settings };
  for (const key of ['timeoutMs', 'maxRetries', 'initialDelayMs', 'maxDelayMs'] as const) {
    const v = merged[key];
    const ok =
      Number.isFinite(v) &&
      v >= 0 &&
      (key !== 'maxRetries' || Number.isInteger(v)) &&
      (key !== 'timeoutMs' || v > 0);
    if (!ok)
      throw new InvalidArgumentError(
        fn,
        `settings.${key}`,
        key === 'timeoutMs' ? 'a number > 0' : 'a number >= 0',
        v,
      );
  }
  return merged;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Whether a provider's HTTP status may pass on a later attempt: 408 (timeout), 429 (rate limit) and 5xx;
 * not `undefined` (no HTTP status). The rule {@link callWithRetries} retries by, shared with job queues
 * that decide which failed jobs to retry.
 * @example
 * isRetryableHttpStatus(429); // true
 */
export const isRetryableHttpStatus = (status: number | undefined): boolean =>
  status === 408 || status === 429 || (status !== undefined && status >= 500);

/**
 * Runs one provider request with a per-attempt timeout, retries with exponential backoff on 408, 429 and
 * 5xx (waiting exactly `Retry-After` when the server sends it) and uniform error mapping: the caller's
 * abort rejects with `signal.reason`, a timeout or HTTP failure with {@link MllmProviderError}, and any
 * error `describeFailure` does not recognise (returns `undefined` for) passes through unchanged.
 * Adapter packages share it so they behave the same.
 * @example
 * ```ts
 * const reply = await callWithRetries('my-provider', (signal) => fetch(url, { signal }), readFailure,
 *   DEFAULT_MLLM_CALL_SETTINGS, options.signal);
 * ```
 */
export async function callWithRetries<T>(
  provider: string,
  attempt: (signal: AbortSignal) => Promise<T>,
  describeFailure: (error: unknown) => MllmFailure | undefined,
  settings: MllmCallSettings,
  signal?: AbortSignal,
): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    throwIfAborted(signal);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, settings.timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let failure: MllmFailure | undefined;
    try {
      return await attempt(controller.signal);
    } catch (error) {
      throwIfAborted(signal);
      if (timedOut)
        throw new MllmProviderError(provider, undefined, `no complete reply within ${settings.timeoutMs} ms`);
      failure = describeFailure(error);
      if (failure === undefined) throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    const wait = failure.retryAfterMs ?? Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** retry);
    if (!isRetryableHttpStatus(failure.status) || retry >= settings.maxRetries) {
      const tries = retry + 1;
      throw new MllmProviderError(
        provider,
        failure.status,
        `${failure.detail} (${tries} attempt${tries > 1 ? 's' : ''})`,
      );
    }
    if (wait > settings.maxDelayMs) {
      throw new MllmProviderError(
        provider,
        failure.status,
        `${failure.detail} (server asks to retry after ${Math.ceil(wait / 1000)} s, beyond maxDelayMs ${settings.maxDelayMs})`,
      );
    }
    await sleep(wait, signal);
  }
}

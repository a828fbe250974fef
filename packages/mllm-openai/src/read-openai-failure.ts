import { type MllmFailure, parseRetryAfter, redactSecret } from '@sow/core';
import { APIConnectionError, APIError } from 'openai';

const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 297)}...` : text);

/**
 * Reads a failed chat-completions call for `callWithRetries`: HTTP errors with their status and the wait
 * from `retry-after-ms` or `Retry-After`, connection errors without a status; anything else (including
 * the SDK's own abort error, which `callWithRetries` resolves first) passes through. Details are
 * stripped of `apiKey`.
 */
export function readOpenAiFailure(error: unknown, apiKey: string | undefined): MllmFailure | undefined {
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return {
      status: undefined,
      detail: clip(redactSecret(`network error: ${error.message}${cause}`, apiKey)),
    };
  }
  if (error instanceof APIError && error.status !== undefined) {
    const wait =
      parseRetryAfter(error.headers?.get('retry-after-ms'), Date.now(), 'milliseconds') ??
      parseRetryAfter(error.headers?.get('retry-after'));
    return {
      status: error.status,
      detail: clip(redactSecret(error.message, apiKey)),
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    };
  }
  return undefined;
}

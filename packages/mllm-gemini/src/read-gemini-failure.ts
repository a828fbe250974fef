import { ApiError } from '@google/genai';
import { type MllmFailure, parseRetryAfter, redactSecret } from '@sow/core';

/** Gemini's error body: `{"error": {"code", "message", "status", "details": [...]}}`. */
function summarize(body: string): { text: string; retryDelayMs?: number } {
  try {
    const parsed = JSON.parse(body) as {
      error?: { message?: unknown; status?: unknown; details?: { '@type'?: string; retryDelay?: string }[] };
    };
    const e = parsed.error;
    const text = [e?.status, e?.message].filter((v) => typeof v === 'string' && v !== '').join(': ');
    const delay = e?.details?.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
    const match = typeof delay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
    return {
      text: text === '' ? body : text,
      ...(match === null ? {} : { retryDelayMs: Math.ceil(Number(match[1]) * 1000) }),
    };
  } catch {
    return { text: body };
  }
}

const clip = (text: string) => (text.length > 300 ? `${text.slice(0, 297)}...` : text);

/**
 * Reads a failed `generateContent` call for `callWithRetries`: HTTP errors (`ApiError`) with their status
 * and the wait from `Retry-After` or the body's `RetryInfo`, network errors without a status; anything
 * else passes through. Details are stripped of `apiKey`.
 */
export function readGeminiFailure(
  error: unknown,
  retryAfter: string | null,
  apiKey: string | undefined,
): MllmFailure | undefined {
  if (error instanceof ApiError) {
    const { text, retryDelayMs } = summarize(error.message);
    const wait = parseRetryAfter(retryAfter) ?? retryDelayMs;
    return {
      status: error.status,
      detail: clip(redactSecret(text, apiKey)),
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    };
  }
  if (error instanceof TypeError) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return {
      status: undefined,
      detail: clip(redactSecret(`network error: ${error.message}${cause}`, apiKey)),
    };
  }
  return undefined;
}

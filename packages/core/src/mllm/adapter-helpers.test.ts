import { describe, expect, it } from 'vitest';
import { callWithRetries, type MllmFailure, resolveMllmCallSettings } from './call-with-retries.js';
import { encodeBase64 } from './encode-base64.js';
import { MllmProviderError } from './mllm-provider-error.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { redactSecret } from './redact-secret.js';

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}`);
  }
}
const describeFailure = (e: unknown): MllmFailure | undefined =>
  e instanceof HttpFailure
    ? {
        status: e.status,
        detail: e.message,
        ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
      }
    : undefined;
const settings = resolveMllmCallSettings('test', {
  timeoutMs: 300,
  maxRetries: 2,
  initialDelayMs: 10,
  maxDelayMs: 2000,
});

describe('callWithRetries', () => {
  it('retries 429 after the server-given wait, then succeeds', async () => {
    const times: number[] = [];
    const result = await callWithRetries(
      'p',
      async () => {
        times.push(performance.now());
        if (times.length === 1) throw new HttpFailure(429, 250);
        return 'ok';
      },
      describeFailure,
      settings,
    );
    expect(result).toBe('ok');
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(240);
  });

  it('gives up after maxRetries on 5xx and does not retry 4xx', async () => {
    let calls = 0;
    const failing = (status: number) => async () => {
      calls += 1;
      throw new HttpFailure(status);
    };
    await expect(callWithRetries('p', failing(500), describeFailure, settings)).rejects.toMatchObject({
      status: 500,
      message: expect.stringMatching(/3 attempts/),
    });
    expect(calls).toBe(3);
    calls = 0;
    await expect(callWithRetries('p', failing(400), describeFailure, settings)).rejects.toBeInstanceOf(
      MllmProviderError,
    );
    expect(calls).toBe(1);
  });

  it('fails at once when Retry-After exceeds maxDelayMs', async () => {
    let calls = 0;
    const attempt = async () => {
      calls += 1;
      throw new HttpFailure(429, 60_000);
    };
    await expect(callWithRetries('p', attempt, describeFailure, settings)).rejects.toThrow(
      /retry after 60 s/,
    );
    expect(calls).toBe(1);
  });

  it('times out a hung attempt and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const hung = (signal: AbortSignal) => {
      seen = signal;
      return new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    };
    await expect(callWithRetries('p', hung, describeFailure, settings)).rejects.toMatchObject({
      code: 'MLLM_PROVIDER',
      status: undefined,
      message: expect.stringMatching(/within 300 ms/),
    });
    expect(seen?.aborted).toBe(true);
  });

  it('rejects with the caller reason on abort, also while waiting to retry', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = callWithRetries(
      'p',
      async () => {
        setTimeout(() => controller.abort(reason), 20);
        throw new HttpFailure(503, 1000);
      },
      describeFailure,
      settings,
      controller.signal,
    );
    await expect(pending).rejects.toBe(reason);
  });

  it('passes unknown errors through unchanged', async () => {
    const odd = new TypeError('odd');
    await expect(callWithRetries('p', () => Promise.reject(odd), describeFailure, settings)).rejects.toBe(
      odd,
    );
  });

  it('rejects bad settings', () => {
    expect(() => resolveMllmCallSettings('f', { timeoutMs: 0 })).toThrow(/settings.timeoutMs/);
    expect(() => resolveMllmCallSettings('f', { maxRetries: 1.5 })).toThrow(/settings.maxRetries/);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay seconds, HTTP dates and milliseconds', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('Wed, 21 Oct 2015 07:27:58 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(2000);
    expect(parseRetryAfter('1500', now, 'milliseconds')).toBe(1500);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('encodeBase64', () => {
  it('matches the platform btoa for every length remainder and all byte values', () => {
    const bytes = Uint8Array.from({ length: 20_003 }, (_, i) => (i * 7919) & 255);
    for (const len of [0, 1, 2, 3, 4, 5, 256, 20_003]) {
      const slice = bytes.subarray(0, len);
      expect(encodeBase64(slice)).toBe(btoa(String.fromCharCode(...slice)));
    }
    expect(encodeBase64(new TextEncoder().encode('sow'))).toBe('c293');
  });
});

describe('redactSecret', () => {
  it('removes every copy of the secret', () => {
    expect(redactSecret('k=abcd1234 and abcd1234', 'abcd1234')).toBe('k=*** and ***');
    expect(redactSecret('text', undefined)).toBe('text');
  });
});

/**
 * Reads an HTTP `Retry-After` value (delay seconds or an HTTP date) or a `retry-after-ms` value as a wait
 * in milliseconds; `undefined` when absent or unreadable. Adapters use it to honour the server's wait.
 * @example
 * ```ts
 * parseRetryAfter('2'); // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT')); // 2000
 * ```
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
  unit: 'seconds' | 'milliseconds' = 'seconds',
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * (unit === 'seconds' ? 1000 : 1));
  if (unit === 'milliseconds') return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

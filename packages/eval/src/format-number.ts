import type { Interval } from './interval.js';

/** A number with `digits` decimals, `–` for NaN or undefined. */
export function formatNumber(value: number | undefined, digits = 3): string {
  return value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

/** `value [low, high]` with `digits` decimals; as a percentage when `percent`. */
export function formatInterval(interval: Interval | undefined, digits = 3, percent = false): string {
  if (interval === undefined || Number.isNaN(interval.value)) return '–';
  const f = (v: number) => (percent ? `${(v * 100).toFixed(1)}%` : v.toFixed(digits));
  return `${f(interval.value)} [${f(interval.low)}, ${f(interval.high)}]`;
}

import { InvalidArgumentError } from '@sow/core';
import type { Interval } from './interval.js';

/** The standard normal quantile for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * A rate `successes / trials` with its Wilson score 95% interval (Wilson 1927), which stays inside [0, 1]
 * and behaves at 0 and at `trials`. `NaN`s for zero trials.
 * @throws InvalidArgumentError unless 0 <= successes <= trials are integers.
 * @example
 * wilsonInterval(8, 10); // { value: 0.8, low: 0.49, high: 0.94 }
 */
export function wilsonInterval(successes: number, trials: number): Interval {
  if (!Number.isInteger(trials) || trials < 0) {
    throw new InvalidArgumentError('wilsonInterval', 'trials', 'a non-negative integer', trials);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new InvalidArgumentError('wilsonInterval', 'successes', `an integer in [0, ${trials}]`, successes);
  }
  if (trials === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN };
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

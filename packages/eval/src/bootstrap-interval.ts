import { createNoiseGenerator, InvalidArgumentError } from '@sow/core';
import type { Interval } from './interval.js';

/** Options of {@link bootstrapInterval}. */
export interface BootstrapOptions {
  /** Seed of the resampling (as for core's `createNoiseGenerator`); default 0, so reports are reproducible. */
  readonly seed?: number | bigint | string;
  /** Bootstrap resamples; default 2000. */
  readonly resamples?: number;
}

/**
 * The statistic of `values` with a seeded percentile-bootstrap 95% interval: `resamples` resamples with
 * replacement, the 2.5th and 97.5th percentiles of the statistic over them. `NaN`s for no values.
 * @example
 * const { value, low, high } = bootstrapInterval(distances, median, { seed: 1 });
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (values: readonly number[]) => number,
  options: BootstrapOptions = {},
): Interval {
  const resamples = options.resamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new InvalidArgumentError('bootstrapInterval', 'options.resamples', 'a positive integer', resamples);
  }
  const n = values.length;
  if (n === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN };
  const u = createNoiseGenerator(options.seed ?? 0)
    .fork('bootstrap')
    .uniform(resamples * n);
  const stats = new Float64Array(resamples);
  const sample = new Array<number>(n);
  for (let r = 0; r < resamples; r += 1) {
    for (let i = 0; i < n; i += 1) {
      sample[i] = values[Math.min(n - 1, Math.floor((u[r * n + i] as number) * n))] as number;
    }
    stats[r] = statistic(sample);
  }
  stats.sort();
  const at = (q: number) =>
    stats[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))] as number;
  return { value: statistic(values), low: at(0.025), high: at(0.975) };
}

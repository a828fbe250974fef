// The one paired, alternating measurement every benchmark uses for a ratio B/A (patched/unpatched,
// browser/Node, queue/direct, COW overhead share). A and B are measured one after the other in each pair,
// the order swapped every pair (AB, BA, AB, ...), after warm-up rounds that are not reported; the ratio
// of each pair is taken first, so drift of the machine between pairs (other processes, clocks, thermals)
// cancels, and the summary is the median of the per-pair ratios with their min-max and a seeded
// percentile-bootstrap interval of that median. A measurement is any async function that returns
// milliseconds: a timed call in this process (`timeCall`), or one call in a fresh child process for
// models too large to hold twice (the child times itself and prints its figure).
import { createNoiseGenerator, InvalidArgumentError } from '@sow/core';

/** A measurement of one side of a pair: resolves to its time in milliseconds (or any positive cost). */
export type Measure = () => Promise<number>;

/** Options of {@link pairedRatio}. */
export interface PairedOptions {
  /** Reported pairs; at least 5 (default 5). */
  readonly pairs?: number;
  /** Unreported warm-up pairs run first (default 1). */
  readonly warmup?: number;
  /** Seed of the bootstrap resampling (default 'paired-bench'); the same seed gives the same interval. */
  readonly seed?: string;
  /** Bootstrap resamples (default 2000). */
  readonly resamples?: number;
  /** Called after each reported pair (for progress lines). */
  readonly onPair?: (pair: Pair, index: number) => void;
  /** Stops between measurements. */
  readonly signal?: AbortSignal;
}

/** One reported pair: A's and B's measurement and their ratio b / a. */
export interface Pair {
  /** A's measurement (ms). */
  readonly a: number;
  /** B's measurement (ms). */
  readonly b: number;
  /** b / a. */
  readonly ratio: number;
}

/** Median, min-max and bootstrap interval of a set of ratios (or any positive samples). */
export interface RatioSummary {
  /** Number of samples. */
  readonly n: number;
  /** Median (mean of the two middle samples for an even count). */
  readonly median: number;
  /** Smallest sample. */
  readonly min: number;
  /** Largest sample. */
  readonly max: number;
  /** 2.5th percentile of the bootstrap distribution of the median. */
  readonly low: number;
  /** 97.5th percentile of the bootstrap distribution of the median. */
  readonly high: number;
}

/** The result of {@link pairedRatio}: the pairs, the ratio's summary and each side's median. */
export interface PairedResult {
  /** The reported pairs, in the order measured. */
  readonly pairs: readonly Pair[];
  /** Summary of the per-pair ratios b / a. */
  readonly ratio: RatioSummary;
  /** Median of A's measurements (ms). */
  readonly aMedian: number;
  /** Median of B's measurements (ms). */
  readonly bMedian: number;
}

/** Median of `xs` (mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** The `q`-quantile (0..1) of sorted `s`, linear between order statistics. */
function quantile(s: readonly number[], q: number): number {
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, s.length - 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo);
}

/**
 * Summarizes samples by their median, min-max and a 95% percentile-bootstrap interval of the median
 * (`resamples` resamples with replacement, drawn from a seeded stream: deterministic for a seed).
 */
export function summarizeRatios(
  samples: readonly number[],
  seed = 'paired-bench',
  resamples = 2000,
): RatioSummary {
  if (samples.length === 0)
    throw new InvalidArgumentError('summarizeRatios', 'samples', 'non-empty', samples);
  const n = samples.length;
  const u = createNoiseGenerator(seed).uniform(resamples * n);
  const medians: number[] = [];
  const draw: number[] = new Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) draw[i] = samples[Math.floor((u[r * n + i] as number) * n)] as number;
    medians.push(median(draw));
  }
  medians.sort((x, y) => x - y);
  return {
    n,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    low: quantile(medians, 0.025),
    high: quantile(medians, 0.975),
  };
}

/** Wall time (ms) of one call of `fn`: a {@link Measure} for work done in this process. */
export function timeCall(fn: () => Promise<unknown>): Measure {
  return async () => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
}

/**
 * Measures the ratio B/A in alternating pairs: `warmup` unreported pairs, then `pairs` pairs with the
 * order swapped every pair (AB, BA, ...), and summarizes the per-pair ratios.
 * @example
 * const r = await pairedRatio(timeCall(() => plain.run(feeds)), timeCall(() => patched.run(feeds)));
 * console.log(formatRatio(r.ratio)); // ×1.004 (min-max 0.981-1.032, 95% CI 0.990-1.021, 5 pairs)
 */
export async function pairedRatio(
  a: Measure,
  b: Measure,
  options: PairedOptions = {},
): Promise<PairedResult> {
  const count = options.pairs ?? 5;
  if (!Number.isInteger(count) || count < 5) {
    throw new InvalidArgumentError('pairedRatio', 'options.pairs', 'an integer of at least 5', count);
  }
  const warmup = options.warmup ?? 1;
  const pairs: Pair[] = [];
  for (let k = 0; k < warmup + count; k++) {
    options.signal?.throwIfAborted();
    let ta: number;
    let tb: number;
    if (k % 2 === 0) {
      ta = await a();
      options.signal?.throwIfAborted();
      tb = await b();
    } else {
      tb = await b();
      options.signal?.throwIfAborted();
      ta = await a();
    }
    if (k < warmup) continue;
    const pair = { a: ta, b: tb, ratio: tb / ta };
    pairs.push(pair);
    options.onPair?.(pair, pairs.length - 1);
  }
  return {
    pairs,
    ratio: summarizeRatios(
      pairs.map((p) => p.ratio),
      options.seed,
      options.resamples,
    ),
    aMedian: median(pairs.map((p) => p.a)),
    bMedian: median(pairs.map((p) => p.b)),
  };
}

/** One line for a ratio summary: `×1.004 (min-max 0.981-1.032, 95% CI 0.990-1.021, 5 pairs)`. */
export function formatRatio(s: RatioSummary, digits = 3): string {
  const f = (x: number) => x.toFixed(digits);
  return `×${f(s.median)} (min-max ${f(s.min)}-${f(s.max)}, 95% CI ${f(s.low)}-${f(s.high)}, ${s.n} pairs)`;
}

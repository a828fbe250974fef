import { describe, expect, it } from 'vitest';
import { bootstrapInterval } from './bootstrap-interval.js';
import { mean, median } from './summary-stats.js';
import { wilsonInterval } from './wilson-interval.js';

describe('wilsonInterval', () => {
  it("matches Newcombe's (1998) published Wilson score intervals", () => {
    // Newcombe, Statistics in Medicine 17:857-872, Table I, method 3 (score, no continuity correction).
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, low, high] of cases) {
      const w = wilsonInterval(x, n);
      expect(w.value).toBeCloseTo(x / n, 12);
      expect(w.low).toBeCloseTo(low, 4);
      expect(w.high).toBeCloseTo(high, 4);
    }
  });

  it('rejects impossible counts with a typed error', () => {
    expect(() => wilsonInterval(5, 3)).toThrow(
      /wilsonInterval: successes must be an integer in \[0, 3\], got 5/,
    );
  });
});

describe('bootstrapInterval', () => {
  const values = Array.from({ length: 400 }, (_, i) => Math.sin(i * 12.9898) * 10 + 50);

  it('is reproducible for a seed and brackets the statistic', () => {
    const a = bootstrapInterval(values, mean, { seed: 3 });
    expect(bootstrapInterval(values, mean, { seed: 3 })).toEqual(a);
    expect(a.low).toBeLessThan(a.value);
    expect(a.high).toBeGreaterThan(a.value);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('agrees with the normal approximation mean +- 1.96 sd / sqrt(n) for the mean of many values', () => {
    const m = mean(values);
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
    const half = (1.96 * sd) / Math.sqrt(values.length);
    const { low, high } = bootstrapInterval(values, mean, { seed: 1, resamples: 4000 });
    expect(Math.abs(low - (m - half))).toBeLessThan(0.1 * half);
    expect(Math.abs(high - (m + half))).toBeLessThan(0.1 * half);
  });
});

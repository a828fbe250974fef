import { InvalidArgumentError } from '@sow/core';
import { describe, expect, it } from 'vitest';
import { median, pairedRatio, summarizeRatios } from './paired-bench.js';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('summarizeRatios', () => {
  const samples = [1.02, 0.97, 1.0, 1.05, 0.99, 1.01, 0.98];

  it('gives the median and min-max, and a bootstrap interval inside them around the median', () => {
    const s = summarizeRatios(samples, 'seed-a');
    expect(s).toMatchObject({ n: 7, median: 1.0, min: 0.97, max: 1.05 });
    expect(s.low).toBeGreaterThanOrEqual(s.min);
    expect(s.high).toBeLessThanOrEqual(s.max);
    expect(s.low).toBeLessThanOrEqual(s.median);
    expect(s.high).toBeGreaterThanOrEqual(s.median);
    // The median of 7 resampled values lies between the 2nd and 6th order statistics in ~98% of
    // resamples, so the 95% interval is strictly inside the extremes.
    expect(s.low).toBeGreaterThan(s.min);
    expect(s.high).toBeLessThan(s.max);
  });

  it('is deterministic for a seed and changes with it', () => {
    expect(summarizeRatios(samples, 'seed-a')).toEqual(summarizeRatios(samples, 'seed-a'));
    // With few resamples the percentiles fall on different resampled medians for another seed.
    const many = Array.from({ length: 41 }, (_, i) => 1 + Math.sin(i * 1.7) / 10);
    expect(summarizeRatios(many, 'seed-a', 20)).not.toEqual(summarizeRatios(many, 'seed-b', 20));
  });

  it('gives a point interval for constant samples', () => {
    expect(summarizeRatios([2, 2, 2, 2, 2])).toMatchObject({ median: 2, low: 2, high: 2 });
  });

  it('rejects no samples with a typed error', () => {
    expect(() => summarizeRatios([])).toThrow(InvalidArgumentError);
  });
});

describe('pairedRatio', () => {
  it('recovers a constant ratio under strong drift that unpaired medians would get wrong', async () => {
    // The machine slows down by 30% per measurement; B costs exactly 1.5x A at any moment.
    let load = 1;
    const cost = (base: number) => async () => {
      load *= 1.3;
      return base * load;
    };
    const order: string[] = [];
    const a = cost(10);
    const b = cost(15);
    const r = await pairedRatio(
      async () => {
        order.push('a');
        return a();
      },
      async () => {
        order.push('b');
        return b();
      },
      { pairs: 6, warmup: 1 },
    );
    expect(order.join('')).toBe('abbaabbaabbaab');
    expect(r.pairs).toHaveLength(6);
    // Within a pair the later side pays 1.3x: the AB pairs give 1.5*1.3, the BA pairs 1.5/1.3.
    expect(r.ratio.median).toBeCloseTo(1.5 * ((1.3 + 1 / 1.3) / 2), 10);
    expect(r.ratio.min).toBeCloseTo(1.5 / 1.3, 10);
    expect(r.ratio.max).toBeCloseTo(1.5 * 1.3, 10);
    // Unpaired, the ratio of the sides' medians is pulled far from 1.5 by the drift between pairs.
    expect(Math.abs(r.bMedian / r.aMedian - 1.5)).toBeGreaterThan(0.1);
  });

  it('refuses fewer than 5 pairs', async () => {
    const m = async () => 1;
    await expect(pairedRatio(m, m, { pairs: 4 })).rejects.toThrow(
      /options.pairs must be an integer of at least 5/,
    );
  });

  it('stops between measurements on abort', async () => {
    const controller = new AbortController();
    let calls = 0;
    const m = async () => {
      if (++calls === 3) controller.abort(new Error('stop'));
      return 1;
    };
    await expect(pairedRatio(m, m, { signal: controller.signal })).rejects.toThrow('stop');
    expect(calls).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { createTensor } from '../tensor/tensor.js';
import type { AttentionModulationScalars } from './attention-modulation-scalars.js';
import { modulateAttentionScores } from './modulate-attention-scores.js';

const f32 = (v: number[]) => Float32Array.from(v);
const vectors = {
  cond: f32([1, 0, 0]),
  supRow: f32([1, 0, 0]),
  enhRow: f32([0, 0.5, 0]),
  box: f32([0, 1, 1]),
  nearestFifth: f32([0, 1, 0]),
};
const scalars: AttentionModulationScalars = { supScale: 0.3, enhScale: 0.5, tau: 0.35, gate: 'soft' };

describe('modulateAttentionScores', () => {
  it('matches a hand computation of eq. 8 on a 3-token layer', () => {
    // Rows: [2, 0, -1] (m 2, n -1), [1, 3, 0] (m 3, n 0), [2, 0, 4] (m 4, n 0).
    const scores = createTensor('float32', [1, 1, 3, 3], [2, 0, -1, 1, 3, 0, 2, 0, 4]);
    const out = modulateAttentionScores(scores, vectors, scalars, [1], 0);
    // a = [1, 1/3, 1/2] (normalised score toward the one condition key); box sum 5/6, nearest 1/3.
    expect(out.indicator[0]).toBeCloseTo(0.4, 12);
    const gamma = (0.4 - 0.35) / 0.65;
    expect(out.gate[0]).toBeCloseTo(gamma, 12);
    const expected = [2, -0.3, -1, 1 + 0.5 * gamma * 0.5 * 2, 3, 0, 2, 0, 4];
    Array.from(out.scores.data).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 6);
    });
  });

  it('gates: binary switches on above tau, off leaves gamma at 1', () => {
    const scores = createTensor('float32', [1, 1, 3, 3], [2, 0, -1, 1, 3, 0, 2, 0, 4]);
    expect(modulateAttentionScores(scores, vectors, { ...scalars, gate: 'binary' }, [1], 0).gate[0]).toBe(1);
    const high = { ...scalars, gate: 'binary' as const, tau: 0.5 };
    expect(modulateAttentionScores(scores, vectors, high, [1], 0).gate[0]).toBe(0);
    expect(
      modulateAttentionScores(scores, vectors, { ...scalars, gate: 'off', tau: 0.9 }, [1], 0).gate[0],
    ).toBe(1);
  });

  it('keeps every score inside its row range and leaves strength-0 items untouched', () => {
    const [b, h, s] = [2, 3, 6];
    const data = Float32Array.from({ length: b * h * s * s }, (_, i) => Math.sin(i * 12.9898) * 7);
    const scores = createTensor('float32', [b, h, s, s], data);
    const v = {
      cond: f32([1, 1, 0, 0, 0, 0]),
      supRow: f32([1, 0.7, 0, 0, 0, 0]),
      enhRow: f32([0, 0, 1, 0.4, 0.2, 0]),
      box: f32([0, 0, 1, 1, 1, 0]),
      nearestFifth: f32([0, 0, 1, 0, 0, 0]),
    };
    const out = modulateAttentionScores(
      scores,
      v,
      { ...scalars, supScale: 1, enhScale: 1, gate: 'off' },
      [1, 0],
      1e-6,
    );
    for (let row = 0; row < b * h * s; row += 1) {
      const x = data.subarray(row * s, row * s + s);
      const y = out.scores.data.subarray(row * s, row * s + s);
      const [lo, hi] = [Math.min(...x), Math.max(...x)];
      for (const value of y) {
        expect(value).toBeGreaterThanOrEqual(lo - 1e-5);
        expect(value).toBeLessThanOrEqual(hi + 1e-5);
      }
    }
    expect(out.scores.data.subarray(h * s * s)).toEqual(data.subarray(h * s * s));
    expect(out.scores.data.subarray(0, h * s * s)).not.toEqual(data.subarray(0, h * s * s));
  });

  it('rejects mismatched shapes and strengths', () => {
    const scores = createTensor('float32', [1, 1, 3, 3]);
    expect(() =>
      modulateAttentionScores(createTensor('float32', [1, 3, 3]), vectors, scalars, [1], 0),
    ).toThrow(ShapeMismatchError);
    expect(() => modulateAttentionScores(scores, vectors, scalars, [1, 1], 0)).toThrow(InvalidArgumentError);
  });
});

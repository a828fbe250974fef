import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createTensor } from '../tensor/tensor.js';
import { attentionLevelGrids } from './attention-level-grids.js';
import type { AttentionRegions } from './attention-regions.js';
import { computeAttentionLevelVectors } from './compute-attention-level-vectors.js';
import { resolveAttentionModulationConfig } from './resolve-attention-modulation-config.js';

/** 8×8 latent: condition = the 4×4 square at x 2..5, y 0..3 with its keep-mask the full square. */
function regions(relatedBox = { x: 0, y: 2, width: 8, height: 6 }): AttentionRegions {
  const mask = new Float32Array(64);
  for (let y = 0; y < 4; y += 1) for (let x = 2; x < 6; x += 1) mask[y * 8 + x] = 1;
  return {
    conditionMask: createTensor('float32', [8, 8], mask),
    conditionBox: { x: 2, y: 0, width: 4, height: 4 },
    relatedBox,
  };
}

describe('attentionLevelGrids', () => {
  it('halves rounding up like a stride-2 padding-1 convolution, down to 1×1', () => {
    expect(attentionLevelGrids(64, 64).map((g) => g.rows * g.cols)).toEqual([4096, 1024, 256, 64, 16, 4, 1]);
    expect(attentionLevelGrids(9, 5).map((g) => [g.rows, g.cols])).toEqual([
      [9, 5],
      [5, 3],
      [3, 2],
      [2, 1],
      [1, 1],
    ]);
  });
});

describe('computeAttentionLevelVectors', () => {
  const config = resolveAttentionModulationConfig();

  it('samples masks at each token top-left cell and weights related rows by exp(-beta d_hat)', () => {
    const grid = attentionLevelGrids(8, 8)[1]!; // 4×4 tokens, factor 2
    const v = computeAttentionLevelVectors(regions(), grid, config);
    // Condition tokens: latent cells (x 2,4; y 0,2) -> token cols 1,2 rows 0,1.
    expect(Array.from(v.cond)).toEqual([0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // Related box covers latent rows 2..7 -> token rows 1..3; minus the condition.
    expect(Array.from(v.box)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    // Centre (4, 2). Token (row 1, col 0) centre (1, 3): d = sqrt(9 + 1); nearest related tokens are
    // (row 2, cols 1, 2) at (3, 5)/(5, 5): d = sqrt(1 + 9) too; farthest (row 3, cols 0/3) at sqrt(9+25).
    const dMin = Math.sqrt(10);
    const dMax = Math.sqrt(34);
    const dHat = (d: number) => (d - dMin) / (dMax - dMin);
    expect(v.enhRow[4]).toBeCloseTo(Math.exp(-2 * dHat(Math.sqrt(10))), 6);
    expect(v.enhRow[12]).toBeCloseTo(Math.exp(-2), 6);
    expect(v.enhRow[8]).toBeCloseTo(Math.exp(-2 * dHat(Math.sqrt(9 + 9))), 6);
    expect(v.enhRow[5]).toBe(0); // condition token is not "related"
    // betaSup = 0: suppression rows are the condition itself.
    expect(Array.from(v.supRow)).toEqual(Array.from(v.cond));
    // 12 box tokens -> ceil(12/5) = 3 nearest: (row 1, cols 1, 2) at d = sqrt(2), then (row 1, col 0) at
    // sqrt(10) which ties with (row 1, col 3), (row 2, cols 1, 2): the lowest token index wins.
    expect(Array.from(v.nearestFifth).flatMap((x, i) => (x === 1 ? [i] : []))).toEqual([4, 5, 6]);
  });

  it('applies the size term and the related-only indicator when asked', () => {
    const grid = attentionLevelGrids(8, 8)[1]!;
    const c = resolveAttentionModulationConfig({ sizeTerm: true, indicatorTokens: 'related' });
    const v = computeAttentionLevelVectors(regions(), grid, c);
    expect(v.supRow[1]).toBeCloseTo(1 - 4 / 16, 7);
    expect(v.box[5]).toBe(0);
    expect(v.box.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('rejects a related box outside the canvas', () => {
    const grid = attentionLevelGrids(8, 8)[0]!;
    for (const box of [
      { x: 4, y: 4, width: 6, height: 2 },
      { x: -1, y: 0, width: 2, height: 2 },
      { x: 0, y: 0, width: 0, height: 2 },
    ]) {
      expect(() => computeAttentionLevelVectors(regions(box), grid, config)).toThrow(InvalidArgumentError);
    }
  });
});

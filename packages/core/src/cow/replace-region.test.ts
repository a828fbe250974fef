import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../errors/index.js';
import { createNoiseGenerator, randn } from '../random/index.js';
import { createTensor } from '../tensor/tensor.js';
import { createInversionStore } from './inversion-store.js';
import { replaceRegion } from './replace-region.js';

describe('replaceRegion (one-way replacement)', () => {
  it('writes exactly the masked box cells, bit for bit, and leaves everything else alone', () => {
    const rng = createNoiseGenerator(3);
    const x = randn(rng, [2, 4, 9, 11]);
    const f = randn(rng, [1, 4, 5, 6]);
    // A ragged mask: an L shape plus an isolated cell.
    const m = new Float32Array(30);
    for (let i = 0; i < 5; i++) m[i * 6] = 1;
    for (let j = 0; j < 6; j++) m[4 * 6 + j] = 1;
    m[2 * 6 + 3] = 1;
    const region = { x: 3, y: 2, mask: createTensor('float32', [1, 1, 5, 6], m) };
    const before = x.data.slice();
    const out = replaceRegion(x, f, region);
    expect(x.data).toEqual(before); // input untouched
    const bits = new Uint32Array(out.data.buffer);
    const xBits = new Uint32Array(x.data.buffer);
    const fBits = new Uint32Array(f.data.buffer);
    let replaced = 0;
    for (let b = 0; b < 2; b++) {
      for (let c = 0; c < 4; c++) {
        for (let i = 0; i < 9; i++) {
          for (let j = 0; j < 11; j++) {
            const k = ((b * 4 + c) * 9 + i) * 11 + j;
            const inBox = i >= 2 && i < 7 && j >= 3 && j < 9;
            if (inBox && m[(i - 2) * 6 + (j - 3)] === 1) {
              expect(bits[k]).toBe(fBits[(c * 5 + i - 2) * 6 + j - 3]);
              replaced += 1;
            } else {
              expect(bits[k]).toBe(xBits[k]);
            }
          }
        }
      }
    }
    expect(replaced).toBe(2 * 4 * 11);
  });

  it('keeps negative zero and other special bit patterns exactly', () => {
    const x = createTensor('float32', [1, 1, 2, 2], [1, 2, 3, 4]);
    const f = createTensor('float32', [1, 1, 2, 2], [-0, 1e-45, -3.4e38, 5]);
    const out = replaceRegion(x, f, {
      x: 0,
      y: 0,
      mask: createTensor('float32', [1, 1, 2, 2], [1, 1, 1, 0]),
    });
    expect(Object.is(out.data[0], -0)).toBe(true);
    expect([...out.data.slice(1)]).toEqual([...new Float32Array([1e-45, -3.4e38, 4])]);
  });

  it('rejects a stored latent of the wrong size', () => {
    const x = createTensor('float32', [1, 4, 8, 8]);
    const f = createTensor('float32', [1, 4, 3, 3]);
    expect(() => replaceRegion(x, f, { x: 0, y: 0, mask: createTensor('float32', [1, 1, 4, 4]) })).toThrow(
      ShapeMismatchError,
    );
  });
});

describe('createInversionStore', () => {
  it('keeps copies by level and names the stored levels when one is missing', () => {
    const store = createInversionStore();
    const t = createTensor('float32', [1, 1, 1, 2], [1, 2]);
    store.set(701, t);
    store.set(501, t);
    t.data[0] = 9;
    expect([...store.get(701).data]).toEqual([1, 2]);
    expect(store.levels).toEqual([501, 701]);
    expect(() => store.get(601)).toThrow(/stored levels \[501, 701\]/);
  });
});

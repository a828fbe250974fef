import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { maskedBlend } from './masked-blend.js';
import { createTensor, sizeOf } from './tensor.js';

function filled(shape: number[], f: (i: number) => number) {
  return createTensor(
    'float32',
    shape,
    Array.from({ length: sizeOf(shape) }, (_, i) => f(i)),
  );
}

describe('maskedBlend', () => {
  it('takes b where the mask is 1, a where it is 0 and mixes soft values', () => {
    const a = createTensor('float32', [4], [0, 0, 10, 10]);
    const b = createTensor('float32', [4], [1, 1, 20, 20]);
    const m = createTensor('float32', [4], [0, 1, 0.25, 0.5]);
    expect(Array.from(maskedBlend(a, b, m).data)).toEqual([0, 1, 12.5, 15]);
  });

  it('broadcasts a [1, 1, h, w] mask over batch and channels', () => {
    const shape = [2, 3, 2, 2];
    const a = filled(shape, () => -1);
    const b = filled(shape, (i) => i);
    const m = createTensor('float32', [1, 1, 2, 2], [1, 0, 0, 1]);
    const out = maskedBlend(a, b, m);
    for (let i = 0; i < out.data.length; i++) {
      const p = i % 4;
      expect(out.data[i]).toBe(p === 0 || p === 3 ? i : -1);
    }
  });

  it('uses the per-item mask of a [N, 1, h, w] mask', () => {
    const shape = [2, 2, 1, 2];
    const a = filled(shape, () => 0);
    const b = filled(shape, () => 1);
    const m = createTensor('float32', [2, 1, 1, 2], [1, 0, 0, 1]);
    expect(Array.from(maskedBlend(a, b, m).data)).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
  });

  it('rejects masks that do not broadcast', () => {
    const a = filled([2, 3, 4, 4], () => 0);
    expect(() =>
      maskedBlend(
        a,
        a,
        filled([1, 3, 4, 4], () => 0),
      ),
    ).toThrow(ShapeMismatchError);
    expect(() =>
      maskedBlend(
        a,
        a,
        filled([3, 1, 4, 4], () => 0),
      ),
    ).toThrow(
      'maskedBlend: mask must have shape [2, 3, 4, 4], [1, 1, 4, 4] or [2, 1, 4, 4], got [3, 1, 4, 4].',
    );
    expect(() =>
      maskedBlend(
        a,
        filled([2, 3, 4, 5], () => 0),
        filled([1, 1, 4, 4], () => 0),
      ),
    ).toThrow(ShapeMismatchError);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { cropRegion } from './crop-region.js';
import { pasteRegion } from './paste-region.js';
import { createTensor } from './tensor.js';

/** Value at (n, c, y, x) encodes its own coordinates, so every copy can be checked in closed form. */
const code = (n: number, c: number, y: number, x: number) => n * 1000 + c * 100 + y * 10 + x;

function coded(n: number, c: number, h: number, w: number) {
  const data: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < c; j++)
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.push(code(i, j, y, x));
  return createTensor('float32', [n, c, h, w], data);
}

describe('cropRegion', () => {
  it('copies the rectangle of every plane', () => {
    const t = coded(2, 3, 6, 7);
    const out = cropRegion(t, { x: 2, y: 1, width: 4, height: 3 });
    expect(out.shape).toEqual([2, 3, 3, 4]);
    let k = 0;
    for (let n = 0; n < 2; n++)
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < 3; y++)
          for (let x = 0; x < 4; x++) expect(out.data[k++]).toBe(code(n, c, y + 1, x + 2));
  });

  it('works on other dtypes and ranks', () => {
    const t = createTensor('int64', [2, 3], [1, 2, 3, 4, 5, 6]);
    expect(Array.from(cropRegion(t, { x: 1, y: 0, width: 2, height: 2 }).data)).toEqual([2n, 3n, 5n, 6n]);
  });

  it('rejects regions outside the tensor', () => {
    const t = coded(1, 1, 4, 4);
    expect(() => cropRegion(t, { x: 2, y: 0, width: 3, height: 1 })).toThrow(
      'cropRegion: region.width must be an integer in [1, 2], got 3.',
    );
    expect(() => cropRegion(t, { x: -1, y: 0, width: 1, height: 1 })).toThrow(InvalidArgumentError);
    expect(() => cropRegion(t, { x: 0, y: 0.5, width: 1, height: 1 })).toThrow(InvalidArgumentError);
  });
});

describe('pasteRegion', () => {
  it('writes the source at the offset, leaves the rest and the inputs untouched', () => {
    const target = coded(1, 2, 5, 6);
    const source = createTensor('float32', [1, 2, 2, 3], [-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12]);
    const out = pasteRegion(target, source, { x: 3, y: 2 });
    for (let c = 0; c < 2; c++)
      for (let y = 0; y < 5; y++)
        for (let x = 0; x < 6; x++) {
          const inside = y >= 2 && y < 4 && x >= 3 && x < 6;
          const expected = inside ? -(c * 6 + (y - 2) * 3 + (x - 3) + 1) : code(0, c, y, x);
          expect(out.data[(c * 5 + y) * 6 + x]).toBe(expected);
        }
    expect(target.data[2 * 6 + 3]).toBe(code(0, 0, 2, 3));
    expect(Array.from(cropRegion(out, { x: 3, y: 2, width: 3, height: 2 }).data)).toEqual(
      Array.from(source.data),
    );
  });

  it('rejects sources that do not fit or do not match', () => {
    const target = coded(1, 2, 4, 4);
    expect(() => pasteRegion(target, coded(1, 2, 2, 2), { x: 3, y: 0 })).toThrow(
      'pasteRegion: offset.x must be an integer in [0, 2] (source width 2), got 3.',
    );
    expect(() => pasteRegion(target, coded(1, 3, 2, 2), { x: 0, y: 0 })).toThrow(ShapeMismatchError);
    expect(() => pasteRegion(target, createTensor('int32', [1, 2, 2, 2]) as never, { x: 0, y: 0 })).toThrow(
      InvalidArgumentError,
    );
  });
});

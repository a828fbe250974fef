import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { resizeBilinear } from './resize-bilinear.js';
import { resizeNearest } from './resize-nearest.js';
import { createTensor, sizeOf } from './tensor.js';

function planes(shape: number[], f: (p: number, y: number, x: number) => number) {
  const h = shape[shape.length - 2]!;
  const w = shape[shape.length - 1]!;
  return createTensor(
    'float32',
    shape,
    Array.from({ length: sizeOf(shape) }, (_, i) => f(Math.floor(i / (h * w)), Math.floor(i / w) % h, i % w)),
  );
}

describe('resizeNearest', () => {
  it('downsampling by 8 picks pixel (8i, 8j) of each block, on every plane', () => {
    const t = planes([1, 2, 32, 24], (p, y, x) => p * 10000 + y * 100 + x);
    const out = resizeNearest(t, 4, 3);
    expect(out.shape).toEqual([1, 2, 4, 3]);
    for (let p = 0; p < 2; p++)
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 3; j++)
          expect(out.data[(p * 4 + i) * 3 + j]).toBe(p * 10000 + 8 * i * 100 + 8 * j);
  });

  it('uses floor(i * in / out) for non-integer ratios and repeats pixels when upsampling', () => {
    const t = createTensor('float32', [1, 5], [0, 1, 2, 3, 4]);
    expect(Array.from(resizeNearest(t, 1, 3).data)).toEqual([0, 1, 3]); // floor(0), floor(5/3), floor(10/3)
    const u = createTensor('float32', [2, 2], [1, 2, 3, 4]);
    expect(Array.from(resizeNearest(u, 4, 4).data)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('rejects bad sizes', () => {
    expect(() => resizeNearest(createTensor('float32', [2, 2]), 0, 2)).toThrow(
      'resizeNearest: height must be an integer >= 1, got 0.',
    );
    expect(() => resizeBilinear(createTensor('float32', [2, 2]), 2, 1.5)).toThrow(InvalidArgumentError);
  });
});

describe('resizeBilinear', () => {
  it('matches the PyTorch nn.Upsample documentation example (2x2 -> 4x4, align_corners=False)', () => {
    const t = createTensor('float32', [1, 1, 2, 2], [1, 2, 3, 4]);
    const expected = [1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4];
    expect(Array.from(resizeBilinear(t, 4, 4).data)).toEqual(expected);
  });

  it('halving is the 2x2 box average', () => {
    const t = planes([1, 3, 6, 8], (p, y, x) => (p + 1) * Math.sin(y * 1.3 + x * 0.7));
    const out = resizeBilinear(t, 3, 4);
    for (let p = 0; p < 3; p++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 4; j++) {
          const at = (y: number, x: number) => t.data[(p * 6 + y) * 8 + x]!;
          const box =
            (at(2 * i, 2 * j) + at(2 * i, 2 * j + 1) + at(2 * i + 1, 2 * j) + at(2 * i + 1, 2 * j + 1)) / 4;
          expect(out.data[(p * 3 + i) * 4 + j]).toBeCloseTo(box, 5);
        }
  });

  it('reproduces a linear function at the clamped source coordinates (closed form)', () => {
    const [h, w, oh, ow] = [7, 5, 3, 11];
    const f = (y: number, x: number) => 2 + 0.5 * y - 1.25 * x;
    const out = resizeBilinear(
      planes([h, w], (_, y, x) => f(y, x)),
      oh,
      ow,
    );
    const src = (d: number, n: number, o: number) => Math.min(Math.max((d + 0.5) * (n / o) - 0.5, 0), n - 1);
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        expect(out.data[i * ow + j]).toBeCloseTo(f(src(i, h, oh), src(j, w, ow)), 5);
  });

  it('is the identity at the same size', () => {
    const t = planes([2, 3, 4], (p, y, x) => p - y * x);
    expect(Array.from(resizeBilinear(t, 3, 4).data)).toEqual(Array.from(t.data));
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { pillowBilevel, pillowGray } from './pillow-convert.js';
import { type PillowFilter, pillowResize } from './pillow-resize.js';
import type { RgbImage } from './rgb-image.js';

const rgb = (width: number, height: number, values: number[]): RgbImage => ({
  width,
  height,
  channels: 3,
  data: Uint8Array.from(values),
});

describe('pillowResize', () => {
  it('averages two pixels into one with every convolution filter (symmetric taps, rounded half up)', () => {
    const img = rgb(2, 1, [10, 0, 255, 21, 255, 0]);
    for (const filter of ['bilinear', 'bicubic', 'lanczos'] as PillowFilter[]) {
      expect([...pillowResize(img, 1, 1, filter).data], filter).toEqual([16, 128, 128]);
    }
    expect([...pillowResize(img, 1, 1, 'nearest').data]).toEqual([21, 255, 0]);
  });

  it('copies an image whose size does not change, and keeps a constant image constant', () => {
    const img = rgb(3, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    const same = pillowResize(img, 3, 2);
    expect([...same.data]).toEqual([...img.data]);
    expect(same.data).not.toBe(img.data);
    const flat = rgb(5, 4, Array(60).fill(77));
    expect(new Set(pillowResize(flat, 13, 3, 'lanczos').data)).toEqual(new Set([77]));
  });

  it('rejects bad sizes and filters with typed errors', () => {
    const img = rgb(1, 1, [0, 0, 0]);
    expect(() => pillowResize(img, 0, 1)).toThrow(InvalidArgumentError);
    expect(() => pillowResize(img, 2, 2, 'box' as PillowFilter)).toThrow(
      /pillowResize: filter must be 'nearest', 'bilinear', 'bicubic' or 'lanczos', got/,
    );
  });
});

describe('pillowGray and pillowBilevel', () => {
  it('uses the rounded luma for L and the truncated one for 1', () => {
    // (255, 255, 0): L = round(0.886 * 255) = 226; truncated luma (299 + 587) * 255 / 1000 = 225.
    expect([...pillowGray(rgb(1, 1, [255, 255, 0]))]).toEqual([226]);
    // 128 stays black (white only above 128), 129 turns white.
    expect([...pillowBilevel(rgb(2, 1, [128, 128, 128, 129, 129, 129]))]).toEqual([0, 255]);
  });

  it('diffuses the error: a flat mid-gray becomes a half-white pattern', () => {
    const out = pillowBilevel(rgb(16, 16, Array(16 * 16 * 3).fill(127)));
    const white = out.filter((v) => v === 255).length;
    expect(white).toBeGreaterThan(110);
    expect(white).toBeLessThan(146);
  });
});

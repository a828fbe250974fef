import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { maskFromImage } from './mask-from-image.js';
import type { RgbImage } from './rgb-image.js';

// Pixels: black, white, pure red (luma 0.299 * 255 = 76.2), pure green (0.587 * 255 = 149.7),
// gray 127 and gray 128 (exactly at the threshold, which counts as light).
const img: RgbImage = {
  width: 3,
  height: 2,
  channels: 3,
  data: Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 255, 0, 127, 127, 127, 128, 128, 128]),
};

describe('maskFromImage', () => {
  it('keeps dark pixels by default (COW polarity: black = keep)', () => {
    const m = maskFromImage(img);
    expect(m.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(m.data)).toEqual([1, 0, 1, 0, 1, 0]);
  });

  it('keeps light pixels on request and honours the threshold', () => {
    expect(Array.from(maskFromImage(img, { keep: 'light' }).data)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(maskFromImage(img, { threshold: 200 }).data)).toEqual([1, 0, 1, 1, 1, 1]);
    expect(Array.from(maskFromImage(img, { threshold: 50 }).data)).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('ignores alpha', () => {
    const rgba: RgbImage = {
      width: 2,
      height: 1,
      channels: 4,
      data: Uint8Array.from([0, 0, 0, 0, 255, 255, 255, 0]),
    };
    expect(Array.from(maskFromImage(rgba).data)).toEqual([1, 0]);
  });

  it('rejects bad options', () => {
    expect(() => maskFromImage(img, { keep: 'black' as never })).toThrow(InvalidArgumentError);
    expect(() => maskFromImage(img, { threshold: -1 })).toThrow(
      'maskFromImage: options.threshold must be a number in [0, 256], got -1.',
    );
  });
});

import type { RgbImage } from '@sow/core';
import { checkSameSize } from './check-same-size.js';

/**
 * Peak signal-to-noise ratio of `b` against the reference `a` over the RGB channels of 8-bit images:
 * `10 * log10(255^2 / MSE)` in dB; `Infinity` for identical images. Alpha is ignored.
 * @throws InvalidArgumentError when an image is malformed or the sizes differ.
 * @example
 * const db = psnr(cropImage(condition, box), cropImage(generated, box));
 */
export function psnr(a: RgbImage, b: RgbImage): number {
  checkSameSize('psnr', a, b);
  let sum = 0;
  const n = a.width * a.height;
  for (let p = 0; p < n; p += 1) {
    for (let k = 0; k < 3; k += 1) {
      const d = (a.data[p * a.channels + k] as number) - (b.data[p * b.channels + k] as number);
      sum += d * d;
    }
  }
  const mse = sum / (n * 3);
  return mse === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / mse);
}

import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import { pillowGray } from './pillow-convert.js';
import { checkRgbImage, type RgbImage } from './rgb-image.js';

/** Options of {@link maskFromImage}. */
export interface MaskFromImageOptions {
  /** Luma threshold in 0..256 (8-bit levels); default 128, PIL's `convert('1')` cut without dithering. */
  readonly threshold?: number;
  /**
   * Which pixels become 1 (kept): `'dark'` (luma below `threshold`, the default, matching the COW
   * reference code where BLACK marks the condition to keep) or `'light'` (luma at or above it).
   */
  readonly keep?: 'dark' | 'light';
}

/**
 * Turns a mask image into a binary `[1, 1, H, W]` float32 mask of 0/1, where 1 marks the region to keep.
 * Luma is Pillow's `convert('L')` ({@link pillowGray}: ITU-R 601-2 in 16-bit fixed point,
 * `(19595 R + 38470 G + 7471 B + 32768) >> 16`); alpha is ignored. Polarity: by default DARK pixels are
 * kept, because the COW reference treats black as "keep the condition"; pass `keep: 'light'` for masks
 * drawn white-on-black.
 * @see ../shared/spec/algorithm.md section 3.2 (mask polarity) and section 5 (threshold at 128)
 * @example
 * const keep = maskFromImage(maskJpeg); // 1 where the mask is black
 */
export function maskFromImage(img: RgbImage, options: MaskFromImageOptions = {}): Float32Tensor {
  checkRgbImage('maskFromImage', 'img', img);
  const threshold = options.threshold ?? 128;
  const keep = options.keep ?? 'dark';
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 256)) {
    throw new InvalidArgumentError('maskFromImage', 'options.threshold', 'a number in [0, 256]', threshold);
  }
  if (keep !== 'dark' && keep !== 'light') {
    throw new InvalidArgumentError('maskFromImage', 'options.keep', "'dark' or 'light'", keep);
  }
  const luma = pillowGray(img);
  const out = Float32Array.from(luma, (l) => (l < threshold === (keep === 'dark') ? 1 : 0));
  return { dtype: 'float32', shape: [1, 1, img.height, img.width], data: out };
}

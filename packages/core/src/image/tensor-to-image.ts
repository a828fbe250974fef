import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { checkFloat32 } from '../tensor/check-tensor.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import type { RgbImage } from './rgb-image.js';

/**
 * Converts item `index` of a `[N, 3, H, W]` tensor in `[-1, 1]` (a VAE decoder's output) into an 8-bit
 * RGB image: values are clamped to `[-1, 1]`, mapped by `(x + 1) * 127.5` and rounded to the nearest
 * integer. NaN becomes 0.
 * @example
 * const img = tensorToImage(decoded); // { width, height, channels: 3, data }
 */
export function tensorToImage(t: Float32Tensor, index = 0): RgbImage {
  checkFloat32('tensorToImage', 't', t);
  if (t.shape.length !== 4 || t.shape[1] !== 3) {
    throw new ShapeMismatchError('tensorToImage', 't', '[N, 3, H, W]', t.shape);
  }
  const [n, , height, width] = t.shape as [number, number, number, number];
  if (!Number.isInteger(index) || index < 0 || index >= n) {
    throw new InvalidArgumentError('tensorToImage', 'index', `an integer in [0, ${n - 1}]`, index);
  }
  if (height < 1 || width < 1) {
    throw new ShapeMismatchError('tensorToImage', 't', '[N, 3, H, W] with H, W >= 1', t.shape);
  }
  const plane = width * height;
  const base = index * 3 * plane;
  const data = new Uint8Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < plane; p++) {
      const v = t.data[base + c * plane + p]!;
      const clamped = Number.isNaN(v) ? -1 : Math.min(Math.max(v, -1), 1);
      data[p * 3 + c] = Math.round((clamped + 1) * 127.5);
    }
  }
  return { width, height, channels: 3, data };
}

import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import type { CowRegion } from './replace-region.js';

/**
 * The condition mask at canvas-latent size `[1, 1, H, W]`: the region's mask written at its offset,
 * zeros elsewhere (the reference code's `sample_mask`), used by the cycles' masked guidance.
 * @see spec section 3.2 step 5
 * @example
 * const m = regionCanvasMask(region, [1, 4, 64, 64]);
 */
export function regionCanvasMask(
  region: CowRegion,
  canvasShape: readonly number[],
  fn = 'regionCanvasMask',
): Float32Tensor {
  const [, , H = 0, W = 0] = canvasShape;
  const { mask, x, y } = region;
  if (mask.shape.length !== 4 || mask.shape[0] !== 1 || mask.shape[1] !== 1) {
    throw new ShapeMismatchError(fn, 'region.mask', '[1, 1, h, w]', mask.shape);
  }
  const [, , h = 0, w = 0] = mask.shape;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x + w > W || y + h > H) {
    throw new InvalidArgumentError(fn, 'region', `a ${w}x${h} box inside the ${W}x${H} latent`, { x, y });
  }
  const out = new Float32Array(H * W);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) out[(y + i) * W + x + j] = mask.data[i * w + j] ?? 0;
  }
  return createTensor('float32', [1, 1, H, W], out);
}

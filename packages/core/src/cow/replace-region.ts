import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';

/**
 * Where the condition sits in the canvas latent: the offset of its box in latent cells (pixels / 8)
 * and its keep-mask `[1, 1, h, w]` at latent resolution (1 = condition, 0 = free).
 */
export interface CowRegion {
  /** Left edge of the box in latent cells. */
  readonly x: number;
  /** Top edge of the box in latent cells. */
  readonly y: number;
  /** Keep-mask `[1, 1, h, w]` of 0/1 values, broadcast over batch and channels. */
  readonly mask: Float32Tensor;
}

/**
 * The one-way replacement: returns a copy of `latents` `[B, C, H, W]` in which every position of the
 * region's box where the mask is 1 holds the value of `condition` `[B or 1, C, h, w]` at the same place,
 * bit for bit, and every other value is unchanged. Selection, not blending, so nothing is rounded.
 * @see spec section 3.6 (`put`)
 * @example
 * const x2 = replaceRegion(x, store.get(701), region);
 */
export function replaceRegion(
  latents: Float32Tensor,
  condition: Float32Tensor,
  region: CowRegion,
): Float32Tensor {
  const fn = 'replaceRegion';
  if (latents.shape.length !== 4) throw new ShapeMismatchError(fn, 'latents', '[B, C, H, W]', latents.shape);
  const [B = 0, C = 0, H = 0, W = 0] = latents.shape;
  const { mask } = region;
  const [m0, m1, h = 0, w = 0] = mask.shape;
  if (mask.shape.length !== 4 || m0 !== 1 || m1 !== 1) {
    throw new ShapeMismatchError(fn, 'region.mask', '[1, 1, h, w]', mask.shape);
  }
  const [cb, cc, ch, cw] = condition.shape;
  if (condition.shape.length !== 4 || (cb !== B && cb !== 1) || cc !== C || ch !== h || cw !== w) {
    throw new ShapeMismatchError(fn, 'condition', `[${B} or 1, ${C}, ${h}, ${w}]`, condition.shape);
  }
  const { x, y } = region;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x + w > W || y + h > H) {
    throw new InvalidArgumentError(fn, 'region', `a ${w}x${h} box inside the ${W}x${H} latent`, { x, y });
  }
  const out = latents.data.slice();
  const m = mask.data;
  const src = condition.data;
  for (let b = 0; b < B; b++) {
    const sb = cb === 1 ? 0 : b;
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < h; i++) {
        const dst = ((b * C + c) * H + y + i) * W + x;
        const from = ((sb * C + c) * h + i) * w;
        for (let j = 0; j < w; j++) {
          if (m[i * w + j] !== 0) out[dst + j] = src[from + j] ?? 0;
        }
      }
    }
  }
  return createTensor('float32', latents.shape, out);
}

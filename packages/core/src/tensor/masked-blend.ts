import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { checkFloat32, checkSameShape } from './check-tensor.js';
import type { Float32Tensor } from './tensor.js';

/**
 * Per-pixel blend `mask * b + (1 - mask) * a`, as a new tensor: where the mask is 1 the result is `b`,
 * where it is 0 it is `a`, and soft masks mix linearly. COW uses it to write the condition latents
 * into the canvas latents inside the condition region.
 *
 * `mask` has the shape of `a` and `b`, or, for rank-4 `[N, C, H, W]` inputs, `[1, 1, H, W]` or
 * `[N, 1, H, W]`, broadcast over channels (and over the batch for a leading 1).
 * @example
 * const x = maskedBlend(canvasLatents, conditionLatents, latentMask); // mask [1, 1, 64, 64]
 */
export function maskedBlend(a: Float32Tensor, b: Float32Tensor, mask: Float32Tensor): Float32Tensor {
  checkFloat32('maskedBlend', 'a', a);
  checkFloat32('maskedBlend', 'b', b);
  checkFloat32('maskedBlend', 'mask', mask);
  checkSameShape('maskedBlend', 'b', a, b);
  const out = new Float32Array(a.data.length);
  const sameShape = mask.shape.length === a.shape.length && mask.shape.every((d, i) => d === a.shape[i]);
  if (sameShape) {
    for (let i = 0; i < out.length; i++) {
      const m = mask.data[i]!;
      out[i] = m * b.data[i]! + (1 - m) * a.data[i]!;
    }
    return { dtype: 'float32', shape: [...a.shape], data: out };
  }
  const [n, c, h, w] = a.shape as [number, number, number, number];
  const [mn, mc, mh, mw] = mask.shape;
  if (
    a.shape.length !== 4 ||
    mask.shape.length !== 4 ||
    mc !== 1 ||
    mh !== h ||
    mw !== w ||
    (mn !== 1 && mn !== n)
  ) {
    const expected =
      a.shape.length === 4
        ? `[${a.shape.join(', ')}], [1, 1, ${h}, ${w}] or [${n}, 1, ${h}, ${w}]`
        : `[${a.shape.join(', ')}]`;
    throw new ShapeMismatchError('maskedBlend', 'mask', expected, mask.shape);
  }
  const plane = h * w;
  for (let bi = 0; bi < n; bi++) {
    const maskBase = mn === 1 ? 0 : bi * plane;
    for (let ci = 0; ci < c; ci++) {
      const base = (bi * c + ci) * plane;
      for (let p = 0; p < plane; p++) {
        const m = mask.data[maskBase + p]!;
        out[base + p] = m * b.data[base + p]! + (1 - m) * a.data[base + p]!;
      }
    }
  }
  return { dtype: 'float32', shape: [...a.shape], data: out };
}

import { resizePlanes } from './resize-planes.js';
import type { Float32Tensor } from './tensor.js';

/** Source taps and weights of one output index along one axis. */
interface Taps {
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  readonly w1: Float64Array;
}

/**
 * PyTorch `align_corners=False` source coordinates: `src = (dst + 0.5) * in / out - 0.5`, clamped at 0,
 * read from `floor(src)` and the next index (clamped at the edge) with weight `src - floor(src)`.
 */
function taps(inSize: number, outSize: number): Taps {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w1 = new Float64Array(outSize);
  const ratio = inSize / outSize;
  for (let d = 0; d < outSize; d++) {
    const src = Math.max((d + 0.5) * ratio - 0.5, 0);
    const lo = Math.floor(src);
    i0[d] = lo;
    i1[d] = lo < inSize - 1 ? lo + 1 : lo;
    w1[d] = src - lo;
  }
  return { i0, i1, w1 };
}

/**
 * Resizes the last two axes (`[..., H, W]` → `[..., height, width]`) by bilinear interpolation with
 * PyTorch's `F.interpolate(mode='bilinear', align_corners=False, antialias=False)` semantics (pixel
 * centres aligned, edges clamped, no antialiasing when shrinking). Use it for images, soft masks and
 * multi-band decoder outputs.
 * @example
 * const up = resizeBilinear(band, 256, 256); // [1, 3, 64, 64] -> [1, 3, 256, 256]
 */
export function resizeBilinear(t: Float32Tensor, height: number, width: number): Float32Tensor {
  const { h, w, planes, src, out } = resizePlanes('resizeBilinear', t, height, width);
  const ys = taps(h, height);
  const xs = taps(w, width);
  const dst = out.data;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const plane = src.pick(p, null, null);
    for (let i = 0; i < height; i++) {
      const r0 = ys.i0[i]!;
      const r1 = ys.i1[i]!;
      const wy = ys.w1[i]!;
      for (let j = 0; j < width; j++) {
        const c0 = xs.i0[j]!;
        const c1 = xs.i1[j]!;
        const wx = xs.w1[j]!;
        const top = (1 - wx) * plane.get(r0, c0) + wx * plane.get(r0, c1);
        const bottom = (1 - wx) * plane.get(r1, c0) + wx * plane.get(r1, c1);
        dst[o++] = (1 - wy) * top + wy * bottom;
      }
    }
  }
  return out;
}

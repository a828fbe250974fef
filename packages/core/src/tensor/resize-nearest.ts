import ndarray from 'ndarray';
import { checkFloat32, checkInteger, checkMinRank } from './check-tensor.js';
import type { Float32Tensor } from './tensor.js';
import { sizeOf } from './tensor.js';

/**
 * Resizes the last two axes (`[..., H, W]` → `[..., height, width]`) by nearest neighbour with PyTorch's
 * `F.interpolate(mode='nearest')` rule: output index `i` reads input index `floor(i * in / out)`
 * (computed exactly). Downsampling a mask by 8 therefore picks pixel `(8i, 8j)` of each 8x8 block, as
 * the COW reference does for its latent mask.
 * @see ../shared/spec/algorithm.md section 3.2 (latent mask)
 * @example
 * const latentMask = resizeNearest(pixelMask, 64, 64); // [1, 1, 512, 512] -> [1, 1, 64, 64]
 */
export function resizeNearest(t: Float32Tensor, height: number, width: number): Float32Tensor {
  checkFloat32('resizeNearest', 't', t);
  checkMinRank('resizeNearest', 't', t, 2);
  checkInteger('resizeNearest', 'height', height, 1);
  checkInteger('resizeNearest', 'width', width, 1);
  const h = t.shape[t.shape.length - 2]!;
  const w = t.shape[t.shape.length - 1]!;
  const lead = t.shape.slice(0, -2);
  const planes = sizeOf(lead);
  const rows = Int32Array.from({ length: height }, (_, i) => Math.floor((i * h) / height));
  const cols = Int32Array.from({ length: width }, (_, j) => Math.floor((j * w) / width));
  const src = ndarray(t.data, [planes, h, w]);
  const out = new Float32Array(planes * height * width);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const plane = src.pick(p, null, null);
    for (let i = 0; i < height; i++) {
      const r = rows[i]!;
      for (let j = 0; j < width; j++) out[o++] = plane.get(r, cols[j]!);
    }
  }
  return { dtype: 'float32', shape: [...lead, height, width], data: out };
}

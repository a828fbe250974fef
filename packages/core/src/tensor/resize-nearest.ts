import { resizePlanes } from './resize-planes.js';
import type { Float32Tensor } from './tensor.js';

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
  const { h, w, planes, src, out } = resizePlanes('resizeNearest', t, height, width);
  const rows = Int32Array.from({ length: height }, (_, i) => Math.floor((i * h) / height));
  const cols = Int32Array.from({ length: width }, (_, j) => Math.floor((j * w) / width));
  const dst = out.data;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const plane = src.pick(p, null, null);
    for (let i = 0; i < height; i++) {
      const r = rows[i]!;
      for (let j = 0; j < width; j++) dst[o++] = plane.get(r, cols[j]!);
    }
  }
  return out;
}

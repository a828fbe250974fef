import { checkFinite, checkFloat32, checkSameShape } from './check-tensor.js';
import type { Float32Tensor } from './tensor.js';

/**
 * Linear interpolation `a + w * (b - a)` of two same-shape float32 tensors, as a new tensor; `w = 0`
 * gives `a`, `w = 1` gives `b`, and values outside [0, 1] extrapolate (as classifier-free guidance does).
 * @example
 * const guided = lerp(uncond, text, 7.5); // uncond + 7.5 * (text - uncond)
 */
export function lerp(a: Float32Tensor, b: Float32Tensor, w: number): Float32Tensor {
  checkFloat32('lerp', 'a', a);
  checkFloat32('lerp', 'b', b);
  checkSameShape('lerp', 'b', a, b);
  checkFinite('lerp', 'w', w);
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < out.length; i++) {
    const x = a.data[i]!;
    out[i] = x + w * (b.data[i]! - x);
  }
  return { dtype: 'float32', shape: [...a.shape], data: out };
}

import { checkFloat32, checkSameShape } from './check-tensor.js';
import type { Float32Tensor } from './tensor.js';

/**
 * Elementwise difference `a - b` of two float32 tensors of the same shape, as a new tensor.
 * @example
 * const delta = sub(noisePredText, noisePredUncond);
 */
export function sub(a: Float32Tensor, b: Float32Tensor): Float32Tensor {
  checkFloat32('sub', 'a', a);
  checkFloat32('sub', 'b', b);
  checkSameShape('sub', 'b', a, b);
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i]! - b.data[i]!;
  return { dtype: 'float32', shape: [...a.shape], data: out };
}

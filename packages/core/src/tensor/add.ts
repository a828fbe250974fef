import { checkFloat32, checkSameShape } from './check-tensor.js';
import type { Float32Tensor } from './tensor.js';

/**
 * Elementwise sum `a + b` of two float32 tensors of the same shape, as a new tensor.
 * @example
 * const sum = add(x, y);
 */
export function add(a: Float32Tensor, b: Float32Tensor): Float32Tensor {
  checkFloat32('add', 'a', a);
  checkFloat32('add', 'b', b);
  checkSameShape('add', 'b', a, b);
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = a.data[i]! + b.data[i]!;
  return { dtype: 'float32', shape: [...a.shape], data: out };
}

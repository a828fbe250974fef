import { checkData } from './check-tensor.js';
import type { DType, Tensor } from './tensor.js';

/**
 * Deep copy of a tensor of any dtype (new shape array, new data buffer); use it before handing data to
 * code that may write into it.
 * @example
 * const copy = cloneTensor(latents);
 */
export function cloneTensor<D extends DType>(t: Tensor<D>): Tensor<D> {
  checkData('cloneTensor', 't', t);
  return { dtype: t.dtype, shape: [...t.shape], data: t.data.slice() as Tensor<D>['data'] };
}

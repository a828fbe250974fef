import type { Tensor } from './tensor.js';

/**
 * Counts the NaN and ±Infinity values of a float32 or float16 tensor (0 for integer tensors): the check
 * behind `NumericalError`, one pass over the data without allocating.
 * @example
 * countNonFinite(createTensor('float32', [3], [1, Number.NaN, Number.POSITIVE_INFINITY])); // 2
 */
export function countNonFinite(tensor: Tensor): number {
  let count = 0;
  if (tensor.dtype === 'float32') {
    const data = tensor.data;
    // x - x is NaN exactly when x is NaN or infinite.
    for (let i = 0; i < data.length; i++) if ((data[i] as number) - (data[i] as number) !== 0) count++;
  } else if (tensor.dtype === 'float16') {
    const data = tensor.data;
    // IEEE half: an all-ones exponent is infinity or NaN.
    for (let i = 0; i < data.length; i++) if (((data[i] as number) & 0x7c00) === 0x7c00) count++;
  }
  return count;
}

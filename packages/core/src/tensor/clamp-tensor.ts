import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkFloat32 } from './check-tensor.js';
import type { Float32Tensor } from './tensor.js';

/**
 * Clamps every element into `[min, max]`, returning a new tensor; use it before turning decoded images
 * into pixels or for `clip_sample`. NaN elements stay NaN.
 * @example
 * const image = clampTensor(decoded, -1, 1);
 */
export function clampTensor(t: Float32Tensor, min: number, max: number): Float32Tensor {
  checkFloat32('clampTensor', 't', t);
  if (typeof min !== 'number' || Number.isNaN(min)) {
    throw new InvalidArgumentError('clampTensor', 'min', 'a number', min);
  }
  if (typeof max !== 'number' || Number.isNaN(max) || max < min) {
    throw new InvalidArgumentError('clampTensor', 'max', `a number >= min (${min})`, max);
  }
  const out = new Float32Array(t.data.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.min(Math.max(t.data[i]!, min), max);
  }
  return { dtype: 'float32', shape: [...t.shape], data: out };
}

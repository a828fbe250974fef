import { checkFinite, checkFloat32 } from './check-tensor.js';
import type { Float32Tensor } from './tensor.js';

/**
 * Multiplies every element by a number, returning a new tensor; use it for latent scaling factors and
 * the scalar coefficients of scheduler updates.
 * @example
 * const scaled = scale(latents, 0.18215);
 */
export function scale(t: Float32Tensor, s: number): Float32Tensor {
  checkFloat32('scale', 't', t);
  checkFinite('scale', 's', s);
  const out = new Float32Array(t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = t.data[i]! * s;
  return { dtype: 'float32', shape: [...t.shape], data: out };
}

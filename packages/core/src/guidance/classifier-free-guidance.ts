import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkSameShapes } from '../tensor/check-tensor.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';

/**
 * Classifier-free guidance (Ho & Salimans 2022): `ε = ε_u + scale·(ε_c − ε_u)`. Used with an empty
 * unconditional prompt in COW's inversion (G1) and final stage (G3).
 * @param uncond - Unconditional (or negative-prompt) prediction.
 * @param cond - Prompt-conditioned prediction, same shape.
 * @param scale - Guidance scale (7.5 in COW); 1 returns `cond`, 0 returns `uncond`.
 * @throws InvalidArgumentError for a non-finite scale; ShapeMismatchError when shapes differ.
 * @see algorithm.md section 3.3 (G1, G3).
 * @example
 * const eps = classifierFreeGuidance(epsUncond, epsPrompt, 7.5);
 */
export function classifierFreeGuidance(
  uncond: Float32Tensor,
  cond: Float32Tensor,
  scale: number,
): Float32Tensor {
  if (!Number.isFinite(scale)) {
    throw new InvalidArgumentError('classifierFreeGuidance', 'scale', 'a finite number', scale);
  }
  checkSameShapes('classifierFreeGuidance', { uncond, cond });
  const out = new Float32Array(uncond.data.length);
  for (let i = 0; i < out.length; i++) {
    const u = uncond.data[i] ?? 0;
    out[i] = u + scale * ((cond.data[i] ?? 0) - u);
  }
  return createTensor('float32', uncond.shape, out);
}

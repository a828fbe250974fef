import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { checkFloat32, checkSameShapes } from '../tensor/check-tensor.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';

/** The four UNet predictions and the mask combined by {@link maskedMultiBranchGuidance}, each `[B, C, h, w]`. */
export interface MaskedMultiBranchGuidanceInput {
  /** Prediction for the negative prompt. */
  readonly negative: Float32Tensor;
  /** Prediction for the user prompt. */
  readonly prompt: Float32Tensor;
  /** Prediction for the concept to suppress outside the condition ("human face" in COW). */
  readonly suppress: Float32Tensor;
  /** Prediction for the concept to favour outside the condition ("a high quality and colorful image"). */
  readonly diverse: Float32Tensor;
  /**
   * Condition mask M, 1 on condition latents and 0 elsewhere (soft values blend). Shaped like one branch,
   * or `[1 or B, 1 or C, h, w]`, broadcast over the batch and channel axes.
   */
  readonly mask: Float32Tensor;
  /** Guidance scale (7.5 in COW). */
  readonly scale: number;
}

/**
 * COW's masked four-branch guidance of the cycles (G2). Inside the condition the negative branch is the
 * negative prompt; outside it is pushed away from `suppress` and toward `diverse`:
 * `ε_N = M·ε_neg + (1 − M)·(ε_neg + ε_suppress − ε_diverse)`, then `ε = ε_N + scale·(ε_prompt − ε_N)`.
 * @param input - The four predictions, the mask and the scale.
 * @throws InvalidArgumentError for a non-finite scale; ShapeMismatchError when branches or mask do not fit.
 * @see algorithm.md section 3.3 (G2).
 * @example
 * const [negative, prompt, suppress, diverse] = splitBatch(eps, 4);
 * const guided = maskedMultiBranchGuidance({ negative, prompt, suppress, diverse, mask, scale: 7.5 });
 */
export function maskedMultiBranchGuidance(input: MaskedMultiBranchGuidanceInput): Float32Tensor {
  const fn = 'maskedMultiBranchGuidance';
  const { negative, prompt, suppress, diverse, mask, scale } = input;
  if (!Number.isFinite(scale)) throw new InvalidArgumentError(fn, 'scale', 'a finite number', scale);
  checkSameShapes(fn, { negative, prompt, suppress, diverse });
  checkFloat32(fn, 'mask', mask);
  const shape = negative.shape;
  if (shape.length !== 4) throw new ShapeMismatchError(fn, 'negative', '[B, C, h, w]', shape);
  const [b, c, h, w] = shape as [number, number, number, number];
  const [mb, mc, mh, mw] = mask.shape;
  if (mask.shape.length !== 4 || (mb !== 1 && mb !== b) || (mc !== 1 && mc !== c) || mh !== h || mw !== w) {
    throw new ShapeMismatchError(fn, 'mask', `[1 or ${b}, 1 or ${c}, ${h}, ${w}]`, mask.shape);
  }
  const plane = h * w;
  const out = new Float32Array(negative.data.length);
  for (let bi = 0; bi < b; bi++) {
    for (let ci = 0; ci < c; ci++) {
      const base = (bi * c + ci) * plane;
      const maskBase = ((mb === 1 ? 0 : bi) * (mc as number) + (mc === 1 ? 0 : ci)) * plane;
      for (let p = 0; p < plane; p++) {
        const i = base + p;
        const m = mask.data[maskBase + p] ?? 0;
        const neg = negative.data[i] ?? 0;
        const epsN = neg + (1 - m) * ((suppress.data[i] ?? 0) - (diverse.data[i] ?? 0));
        out[i] = epsN + scale * ((prompt.data[i] ?? 0) - epsN);
      }
    }
  }
  return createTensor('float32', shape, out);
}

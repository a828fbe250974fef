import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { modelEstimates } from '../scheduler/model-output.js';
import { alphaCumprodAt, type NoiseSchedule } from '../scheduler/noise-schedule.js';
import { checkSameShape } from '../tensor/check-tensor.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';

/** Arguments of {@link ddimMove}. */
export interface DdimMoveArgs {
  /** The noise schedule the levels refer to. */
  readonly schedule: NoiseSchedule;
  /** The (guided) model output for `sample`, same shape, of the schedule's prediction type. */
  readonly modelOutput: Float32Tensor;
  /** The latent, taken to be at `fromLevel`. */
  readonly sample: Float32Tensor;
  /** Noise level of `sample` (a timestep; negative = the clean end). */
  readonly fromLevel: number;
  /** Noise level to move to (a timestep; negative = the clean end). */
  readonly toLevel: number;
  /** DDIM eta in [0, 1]; above 0 only when denoising (`toLevel < fromLevel`). Default 0. */
  readonly eta?: number;
  /** Standard normal noise of `sample`'s shape; required when the step's sigma is above 0. */
  readonly noise?: Float32Tensor;
}

/**
 * One DDIM update between two explicit noise levels a = ᾱ(fromLevel), b = ᾱ(toLevel):
 * x̂₀ and ε̂ from the model output at level a (prediction type and clipping as the schedule says),
 * σ = eta·sqrt((1-b)/(1-a))·sqrt(1 - a/b), x' = sqrt(b)·x̂₀ + sqrt(1 - b - σ²)·ε̂ + σ·z.
 * `ddimStep` (a = ᾱ_t, b = ᾱ_{t-ratio}) and `ddimInverseStep` (a = ᾱ_{t-ratio}, b = ᾱ_t) are its special
 * cases; COW needs the levels spelled out because the `reference` bookkeeping (diffusers 0.17.1)
 * evaluates the UNet at label t while moving the latent from level t to level t + ratio.
 * @see spec section 2 (DDIM step) and 3.5 (inversion bookkeeping)
 * @example
 * const next = ddimMove({ schedule, modelOutput: eps, sample: x, fromLevel: 101, toLevel: 201 });
 */
export function ddimMove(args: DdimMoveArgs): Float32Tensor {
  const fn = 'ddimMove';
  const { schedule, modelOutput, sample, fromLevel, toLevel, eta = 0, noise } = args;
  const a = alphaCumprodAt(schedule, fromLevel);
  const b = alphaCumprodAt(schedule, toLevel);
  if (typeof eta !== 'number' || !(eta >= 0 && eta <= 1)) {
    throw new InvalidArgumentError(fn, 'eta', 'a number in [0, 1]', eta);
  }
  if (eta > 0 && !(toLevel < fromLevel)) {
    throw new InvalidArgumentError(
      fn,
      'eta',
      `0 unless the move denoises (toLevel < fromLevel = ${fromLevel})`,
      eta,
    );
  }
  checkSameShape(fn, 'modelOutput', sample, modelOutput);
  const sigma = eta > 0 && a < 1 ? eta * Math.sqrt((1 - b) / (1 - a)) * Math.sqrt(1 - a / b) : 0;
  if (sigma > 0 && noise?.shape.join() !== sample.shape.join()) {
    throw new ShapeMismatchError(fn, 'noise', `[${sample.shape.join(', ')}]`, noise?.shape ?? []);
  }
  const { predOriginal, predEpsilon } = modelEstimates(schedule, modelOutput.data, sample.data, a, false);
  const sqrtB = Math.sqrt(b);
  const direction = Math.sqrt(Math.max(0, 1 - b - sigma * sigma));
  const z = noise?.data;
  const out = new Float32Array(sample.data.length);
  for (let i = 0; i < out.length; i++) {
    const base = sqrtB * (predOriginal[i] ?? 0) + direction * (predEpsilon[i] ?? 0);
    out[i] = sigma > 0 ? base + sigma * (z?.[i] ?? 0) : base;
  }
  return createTensor('float32', sample.shape, out);
}

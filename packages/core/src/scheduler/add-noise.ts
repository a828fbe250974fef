import { checkSameShapes } from '../tensor/check-tensor.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import { checkTimestep } from './check-timestep.js';
import type { NoiseSchedule } from './noise-schedule.js';

/**
 * The forward diffusion jump from clean data to timestep t, as diffusers' `add_noise`:
 * `x_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε`.
 * @param schedule - The noise schedule.
 * @param original - Clean sample x₀.
 * @param noise - Standard normal noise ε, shaped like `original`.
 * @param timestep - Target timestep, `0 .. numTrainTimesteps - 1`.
 * @throws InvalidArgumentError for a bad timestep; ShapeMismatchError for differing shapes.
 * @example
 * const noisy = addNoise(schedule, latents, randn(rng, latents.shape), 501);
 */
export function addNoise(
  schedule: NoiseSchedule,
  original: Float32Tensor,
  noise: Float32Tensor,
  timestep: number,
): Float32Tensor {
  checkTimestep('addNoise', 'timestep', schedule, timestep);
  checkSameShapes('addNoise', { original, noise });
  const a = schedule.alphasCumprod[timestep] ?? Number.NaN;
  return blend(original, noise, Math.sqrt(a), Math.sqrt(1 - a));
}

/** `cx·x + cn·n` elementwise into a new tensor shaped like `x`. */
export function blend(x: Float32Tensor, n: Float32Tensor, cx: number, cn: number): Float32Tensor {
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = cx * (x.data[i] ?? 0) + cn * (n.data[i] ?? 0);
  return createTensor('float32', x.shape, out);
}

import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkSameShapes } from '../tensor/check-tensor.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import { blend } from './add-noise.js';
import { checkTimestep } from './check-timestep.js';
import type { NoiseSchedule } from './noise-schedule.js';

/**
 * Jumps a sample forward in diffusion time in one shot, from level `fromT` to the noisier level `toT`:
 * `x_to = √(ᾱ_to/ᾱ_from)·x + √(1 − ᾱ_to/ᾱ_from)·ε`. This is the exact forward marginal between the two
 * levels; COW uses it to go back to the start of the cycle band.
 * @param schedule - The noise schedule.
 * @param x - Sample at level `fromT`.
 * @param fromT - Current timestep, `0 .. numTrainTimesteps - 2`.
 * @param toT - Target timestep, `> fromT` and `<= numTrainTimesteps - 1`.
 * @param noise - Fresh standard normal noise ε shaped like `x`.
 * @throws InvalidArgumentError unless `0 <= fromT < toT < numTrainTimesteps`; ShapeMismatchError for shapes.
 * @see algorithm.md section 0 item 4 and section 3.6 step 2.1.
 * @example
 * x = renoise(schedule, x, 501, 701, randn(rng.fork('cycle-1'), x.shape)); // coefficients 0.5458, 0.8379
 */
export function renoise(
  schedule: NoiseSchedule,
  x: Float32Tensor,
  fromT: number,
  toT: number,
  noise: Float32Tensor,
): Float32Tensor {
  checkTimestep('renoise', 'fromT', schedule, fromT);
  checkTimestep('renoise', 'toT', schedule, toT);
  if (toT <= fromT) throw new InvalidArgumentError('renoise', 'toT', `greater than fromT (${fromT})`, toT);
  checkSameShapes('renoise', { x, noise });
  const ratio = (schedule.alphasCumprod[toT] ?? Number.NaN) / (schedule.alphasCumprod[fromT] ?? Number.NaN);
  return blend(x, noise, Math.sqrt(ratio), Math.sqrt(1 - ratio));
}

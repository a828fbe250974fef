import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkTimestep } from './check-timestep.js';
import { alphaCumprodAt, type NoiseSchedule } from './noise-schedule.js';

/**
 * The DDIM posterior variance between a timestep and the previous one, σ²/η² in the DDIM paper's
 * eq. (16): `(1 − ᾱ_prev) / (1 − ᾱ_t) · (1 − ᾱ_t / ᾱ_prev)`. Same as diffusers' `DDIMScheduler._get_variance`;
 * a negative `prevT` uses `finalAlphaCumprod`.
 * @param schedule - The noise schedule.
 * @param t - Current timestep, `0 .. numTrainTimesteps - 1`.
 * @param prevT - Timestep after the step (`< t`, or negative past the end).
 * @see algorithm.md section 2 (sigma table).
 * @example
 * const sigma = 1.0 * Math.sqrt(ddimVariance(schedule, 701, 601)); // ≈ 0.6679 for SD 2.1
 */
export function ddimVariance(schedule: NoiseSchedule, t: number, prevT: number): number {
  checkTimestep('ddimVariance', 't', schedule, t);
  if (!Number.isInteger(prevT) || prevT > t) {
    throw new InvalidArgumentError('ddimVariance', 'prevT', `an integer <= t (${t})`, prevT);
  }
  const at = alphaCumprodAt(schedule, t);
  const ap = alphaCumprodAt(schedule, prevT);
  if (at === 1) return 0;
  return ((1 - ap) / (1 - at)) * (1 - at / ap);
}

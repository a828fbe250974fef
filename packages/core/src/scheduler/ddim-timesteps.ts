import { stepRatio } from './check-timestep.js';
import type { NoiseSchedule } from './noise-schedule.js';

/** numpy's `round`: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The DDIM sampling timesteps, noisiest first, exactly as `DDIMScheduler.set_timesteps` makes them for the
 * schedule's `timestep_spacing` and `steps_offset`.
 * @param schedule - The noise schedule.
 * @param numInferenceSteps - Number of denoising steps, `1 .. numTrainTimesteps`.
 * @see algorithm.md section 2 (10 leading steps with offset 1 give 901, 801, ..., 1).
 * @example
 * ddimTimesteps(createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG), 10); // [901, 801, ..., 101, 1]
 */
export function ddimTimesteps(schedule: NoiseSchedule, numInferenceSteps: number): number[] {
  const ratio = stepRatio('ddimTimesteps', schedule, numInferenceSteps);
  const n = schedule.numTrainTimesteps;
  const out: number[] = [];
  if (schedule.timestepSpacing === 'linspace') {
    const step = numInferenceSteps > 1 ? (n - 1) / (numInferenceSteps - 1) : 0;
    for (let i = 0; i < numInferenceSteps; i++) {
      out.push(roundHalfEven(i === numInferenceSteps - 1 && i > 0 ? n - 1 : i * step));
    }
    return out.reverse();
  }
  if (schedule.timestepSpacing === 'leading') {
    for (let i = numInferenceSteps - 1; i >= 0; i--) out.push(i * ratio + schedule.stepsOffset);
    return out;
  }
  // trailing: np.round(np.arange(n, 0, -n / steps)) - 1
  const delta = n - n / numInferenceSteps - n;
  const count = Math.ceil(n / (n / numInferenceSteps));
  for (let i = 0; i < count; i++) out.push(roundHalfEven(n + i * delta) - 1);
  return out;
}

/**
 * The DDIM inversion timesteps, cleanest first, as `DDIMInverseScheduler.set_timesteps` (diffusers >= 0.22)
 * makes them: the sampling timesteps in reverse order. (`linspace` spacing, which diffusers' inverse
 * scheduler rejects, is allowed here and also gives the reversed sampling timesteps.)
 * @param schedule - The noise schedule.
 * @param numInferenceSteps - Number of inversion steps, `1 .. numTrainTimesteps`.
 * @example
 * ddimInverseTimesteps(createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG), 10); // [1, 101, ..., 901]
 */
export function ddimInverseTimesteps(schedule: NoiseSchedule, numInferenceSteps: number): number[] {
  return ddimTimesteps(schedule, numInferenceSteps).reverse();
}

import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ddimTimesteps } from '../scheduler/ddim-timesteps.js';
import type { NoiseSchedule } from '../scheduler/noise-schedule.js';

/**
 * The DDIM timestep labels of a step count, ascending (`labels[k]` is step index k's label), and the
 * level distance of one DDIM step (`floor(numTrainTimesteps / steps)`, diffusers' `prev = t - ratio`).
 * @internal
 */
export function cowStepGrid(
  schedule: NoiseSchedule,
  steps: number,
  fn: string,
): { labels: readonly number[]; ratio: number } {
  const descending = ddimTimesteps(schedule, steps);
  const labels = [...descending].sort((a, b) => a - b);
  const ratio = Math.floor(schedule.numTrainTimesteps / steps);
  if (labels.length !== steps || ratio < 1) {
    throw new InvalidArgumentError(fn, 'config.steps', `at most ${schedule.numTrainTimesteps} steps`, steps);
  }
  return { labels, ratio };
}

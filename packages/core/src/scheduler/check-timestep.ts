import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { NoiseSchedule } from './noise-schedule.js';

/** Checks that `t` is an integer training timestep of the schedule (`0 .. numTrainTimesteps - 1`). */
export function checkTimestep(fn: string, argument: string, schedule: NoiseSchedule, t: number): void {
  if (!Number.isInteger(t) || t < 0 || t >= schedule.numTrainTimesteps) {
    throw new InvalidArgumentError(fn, argument, `an integer in [0, ${schedule.numTrainTimesteps - 1}]`, t);
  }
}

/** Checks an inference step count (`1 .. numTrainTimesteps`) and returns diffusers' step ratio `⌊N / steps⌋`. */
export function stepRatio(fn: string, schedule: NoiseSchedule, numInferenceSteps: number): number {
  if (
    !Number.isInteger(numInferenceSteps) ||
    numInferenceSteps < 1 ||
    numInferenceSteps > schedule.numTrainTimesteps
  ) {
    throw new InvalidArgumentError(
      fn,
      'numInferenceSteps',
      `an integer in [1, ${schedule.numTrainTimesteps}]`,
      numInferenceSteps,
    );
  }
  return Math.floor(schedule.numTrainTimesteps / numInferenceSteps);
}

import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import type { NoiseSchedule } from './noise-schedule.js';

/**
 * Checks that every named tensor is float32 and has the shape of the first one; throws
 * `ShapeMismatchError` naming the first tensor that differs.
 */
export function checkSameShape(fn: string, tensors: Readonly<Record<string, Float32Tensor>>): void {
  let reference: readonly number[] | undefined;
  let referenceName = '';
  for (const [name, tensor] of Object.entries(tensors)) {
    if (tensor === null || typeof tensor !== 'object' || tensor.dtype !== 'float32') {
      throw new InvalidArgumentError(fn, name, 'a float32 tensor', tensor?.dtype ?? tensor);
    }
    if (reference === undefined) {
      reference = tensor.shape;
      referenceName = name;
    } else if (
      tensor.shape.length !== reference.length ||
      tensor.shape.some((d, i) => d !== reference?.[i])
    ) {
      throw new ShapeMismatchError(
        fn,
        name,
        `[${reference.join(', ')}] (the shape of ${referenceName})`,
        tensor.shape,
      );
    }
  }
}

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

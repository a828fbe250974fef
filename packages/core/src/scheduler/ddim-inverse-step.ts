import { checkSameShapes } from '../tensor/check-tensor.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import { createTensor } from '../tensor/tensor.js';
import { checkTimestep, stepRatio } from './check-timestep.js';
import { modelEstimates } from './model-output.js';
import type { NoiseSchedule } from './noise-schedule.js';

/** Arguments of {@link ddimInverseStep}. */
export interface DdimInverseStepArgs {
  /** The noise schedule. */
  readonly schedule: NoiseSchedule;
  /** UNet output for `sample` at label `timestep`, shaped like `sample`. */
  readonly modelOutput: Float32Tensor;
  /** Target timestep t, one of `ddimInverseTimesteps(schedule, numInferenceSteps)`; also the UNet label. */
  readonly timestep: number;
  /** Current sample, at noise level t − Δ (or clean for the first step). */
  readonly sample: Float32Tensor;
  /** Number of inversion steps; Δ = `⌊numTrainTimesteps / numInferenceSteps⌋`. */
  readonly numInferenceSteps: number;
}

/** Result of one DDIM inversion step. */
export interface DdimInverseStepResult {
  /**
   * The noisier sample x_t. The name is diffusers' (`prev_sample`, "previous" in sampling order); in
   * inversion it is the next, noisier, latent.
   */
  readonly prevSample: Float32Tensor;
  /** The predicted clean sample x̂₀ at this step. */
  readonly predOriginalSample: Float32Tensor;
}

/**
 * One deterministic DDIM inversion step, a pure function equal to diffusers' `DDIMInverseScheduler.step`
 * in its current semantics (diffusers >= 0.22): from level s = min(t − Δ, N − 1) (ᾱ_s =
 * `initialAlphaCumprod` when s < 0) up to level t, using the model output computed at label t:
 * `x_t = √ᾱ_t·x̂₀ + √(1 − ᾱ_t)·ε̂`, with x̂₀, ε̂ derived at ᾱ_s (and x̂₀ clipped if configured).
 * @param args - Schedule, model output, target timestep, sample and step count.
 * @throws InvalidArgumentError for a bad timestep or step count; ShapeMismatchError for differing shapes.
 * @see algorithm.md section 3.5 (the diffusers-version table) and 3.7.
 * @example
 * for (const t of ddimInverseTimesteps(schedule, 10)) {
 *   const eps = await unet.predict({ sample: x, timestep: t, encoderHiddenStates });
 *   x = ddimInverseStep({ schedule, modelOutput: eps, timestep: t, sample: x, numInferenceSteps: 10 }).prevSample;
 * }
 */
export function ddimInverseStep(args: DdimInverseStepArgs): DdimInverseStepResult {
  const { schedule, modelOutput, timestep, sample, numInferenceSteps } = args;
  const fn = 'ddimInverseStep';
  checkTimestep(fn, 'timestep', schedule, timestep);
  const ratio = stepRatio(fn, schedule, numInferenceSteps);
  checkSameShapes(fn, { sample, modelOutput });
  const from = Math.min(timestep - ratio, schedule.numTrainTimesteps - 1);
  const as = from >= 0 ? (schedule.alphasCumprod[from] ?? Number.NaN) : schedule.initialAlphaCumprod;
  const at = schedule.alphasCumprod[timestep] ?? Number.NaN;
  const { predOriginal, predEpsilon } = modelEstimates(schedule, modelOutput.data, sample.data, as, false);
  const cx = Math.sqrt(at);
  const ce = Math.sqrt(1 - at);
  const out = new Float32Array(sample.data.length);
  for (let i = 0; i < out.length; i++) out[i] = cx * (predOriginal[i] ?? 0) + ce * (predEpsilon[i] ?? 0);
  return {
    prevSample: createTensor('float32', sample.shape, out),
    predOriginalSample: createTensor('float32', sample.shape, predOriginal),
  };
}

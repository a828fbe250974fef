import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { NoiseGenerator } from '../random/noise-generator.js';
import { randn } from '../random/randn.js';
import { checkSameShapes } from '../tensor/check-tensor.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import { checkTimestep, stepRatio } from './check-timestep.js';
import { ddimVariance } from './ddim-variance.js';
import { modelEstimates } from './model-output.js';
import { alphaCumprodAt, type NoiseSchedule } from './noise-schedule.js';

/** Arguments of {@link ddimStep}. */
export interface DdimStepArgs {
  /** The noise schedule. */
  readonly schedule: NoiseSchedule;
  /** UNet output at `timestep` (noise, v or sample, per `schedule.predictionType`), shaped like `sample`. */
  readonly modelOutput: Float32Tensor;
  /** Current timestep t, one of `ddimTimesteps(schedule, numInferenceSteps)`. */
  readonly timestep: number;
  /** Current noisy sample x_t. */
  readonly sample: Float32Tensor;
  /** Number of inference steps; the step goes to `t − ⌊numTrainTimesteps / numInferenceSteps⌋`. */
  readonly numInferenceSteps: number;
  /** Stochasticity η: 0 = deterministic DDIM, 1 = DDPM-like. Default 0. */
  readonly eta?: number;
  /** Standard normal noise z shaped like `sample`, used when `eta > 0` (diffusers' `variance_noise`). */
  readonly noise?: Float32Tensor;
  /** Source of z when `eta > 0` and no `noise` is given; it advances by one tensor. */
  readonly generator?: NoiseGenerator;
  /** Re-derive ε̂ from the clipped x̂₀ (diffusers' `use_clipped_model_output`). Default false. */
  readonly useClippedModelOutput?: boolean;
}

/** Result of one DDIM step. */
export interface DdimStepResult {
  /** The less noisy sample x_{t−Δ}. */
  readonly prevSample: Float32Tensor;
  /** The predicted clean sample x̂₀ at this step. */
  readonly predOriginalSample: Float32Tensor;
}

const FN = 'ddimStep';

/**
 * One DDIM denoising step from t to t − Δ, a pure function equal to diffusers' `DDIMScheduler.step`:
 * x̂₀ from the model output, σ = η·√(ddimVariance), and
 * `x_prev = √ᾱ_prev·x̂₀ + √(1 − ᾱ_prev − σ²)·ε̂ + σ·z`, with ᾱ_prev = `finalAlphaCumprod` past the end.
 * Arithmetic is float64 on float32 inputs, rounded to float32 at the end.
 * @param args - Schedule, model output, timestep, sample, step count and optional η, noise source, clipping.
 * @throws InvalidArgumentError for a bad timestep, step count or η, when `eta > 0` has neither or both of
 * `noise` and `generator`; ShapeMismatchError when tensors differ in shape.
 * @see algorithm.md section 2 (DDIM step); Song et al. 2021, eq. (12).
 * @example
 * const eps = await unet.predict({ sample: x, timestep: 901, encoderHiddenStates });
 * x = ddimStep({ schedule, modelOutput: eps, timestep: 901, sample: x, numInferenceSteps: 10 }).prevSample;
 */
export function ddimStep(args: DdimStepArgs): DdimStepResult {
  const { schedule, modelOutput, timestep, sample, numInferenceSteps } = args;
  const eta = args.eta ?? 0;
  checkTimestep(FN, 'timestep', schedule, timestep);
  const ratio = stepRatio(FN, schedule, numInferenceSteps);
  if (!Number.isFinite(eta) || eta < 0)
    throw new InvalidArgumentError(FN, 'eta', 'a finite number >= 0', eta);
  checkSameShapes(FN, { sample, modelOutput, ...(args.noise === undefined ? {} : { noise: args.noise }) });

  const prevT = timestep - ratio;
  const at = alphaCumprodAt(schedule, timestep);
  const ap = alphaCumprodAt(schedule, prevT);
  const std = eta * Math.sqrt(ddimVariance(schedule, timestep, prevT));
  const dirSq = 1 - ap - std * std;
  if (dirSq < 0)
    throw new InvalidArgumentError(FN, 'eta', `small enough that σ² <= 1 − ᾱ_prev at t=${timestep}`, eta);

  let z: Float32Array | undefined;
  if (eta > 0) {
    if (args.noise !== undefined && args.generator !== undefined) {
      throw new InvalidArgumentError(
        FN,
        'noise',
        'omitted when a generator is given (pass one, not both)',
        'both',
      );
    }
    if (args.noise !== undefined) z = args.noise.data;
    else if (args.generator !== undefined) z = randn(args.generator, sample.shape).data;
    else throw new InvalidArgumentError(FN, 'noise', 'given (or a generator) when eta > 0', undefined);
  }

  const { predOriginal, predEpsilon } = modelEstimates(
    schedule,
    modelOutput.data,
    sample.data,
    at,
    args.useClippedModelOutput ?? false,
  );
  const cx = Math.sqrt(ap);
  const ce = Math.sqrt(dirSq);
  const out = new Float32Array(sample.data.length);
  for (let i = 0; i < out.length; i++) {
    const noiseTerm = z === undefined ? 0 : std * (z[i] ?? 0);
    out[i] = cx * (predOriginal[i] ?? 0) + ce * (predEpsilon[i] ?? 0) + noiseTerm;
  }
  return {
    prevSample: createTensor('float32', sample.shape, out),
    predOriginalSample: createTensor('float32', sample.shape, predOriginal),
  };
}

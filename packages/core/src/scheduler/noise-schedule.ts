import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import {
  alphasCumprodFloat32,
  cosineBetas,
  linspaceFloat32,
  rescaleZeroTerminalSnr,
} from './beta-schedule.js';
import type {
  BetaSchedule,
  PredictionType,
  SchedulerConfigInput,
  TimestepSpacing,
} from './scheduler-config.js';

/**
 * An immutable diffusion noise schedule: the training betas, their cumulative products ᾱ and the DDIM
 * settings of one diffusers scheduler config. Every scheduler function in this library is a pure function
 * of a schedule, so COW can jump back and forth in time with no hidden state.
 */
export interface NoiseSchedule {
  /** Number of training timesteps; valid timesteps are `0 .. numTrainTimesteps - 1`. */
  readonly numTrainTimesteps: number;
  /** β per training timestep (float32, as torch builds them). */
  readonly betas: Float32Array;
  /** ᾱ_t = ∏_{s ≤ t} (1 − β_s) per training timestep (float32, as torch.cumprod). */
  readonly alphasCumprod: Float32Array;
  /** ᾱ used beyond the last denoising step (t < 0): 1 if `set_alpha_to_one`, else ᾱ_0 (DDIMScheduler). */
  readonly finalAlphaCumprod: number;
  /** ᾱ before the first inversion step (t < 0): 1 if `set_alpha_to_one`, else ᾱ_0 (DDIMInverseScheduler). */
  readonly initialAlphaCumprod: number;
  /** What the UNet predicts. */
  readonly predictionType: PredictionType;
  /** How inference timesteps are spread. */
  readonly timestepSpacing: TimestepSpacing;
  /** Offset added to `leading` timesteps. */
  readonly stepsOffset: number;
  /** Whether the predicted clean sample is clamped to ±`clipSampleRange`. */
  readonly clipSample: boolean;
  /** Clamp bound used when `clipSample` is true. */
  readonly clipSampleRange: number;
  /** Config keys that were not recognised (not an error: diffusers configs carry many extra keys). */
  readonly unknownKeys: readonly string[];
}

/** Keys read by {@link createNoiseSchedule}. */
const USED_KEYS = new Set([
  'num_train_timesteps',
  'beta_start',
  'beta_end',
  'beta_schedule',
  'trained_betas',
  'clip_sample',
  'clip_sample_range',
  'set_alpha_to_one',
  'steps_offset',
  'prediction_type',
  'timestep_spacing',
  'rescale_betas_zero_snr',
  'thresholding',
]);

/** Keys of diffusers scheduler configs that have no effect on DDIM here (metadata, other schedulers). */
const IGNORED_KEYS = new Set([
  '_class_name',
  '_diffusers_version',
  'skip_prk_steps',
  'dynamic_thresholding_ratio',
  'sample_max_value',
  'variance_type',
  'timestep_type',
  'use_karras_sigmas',
  'interpolation_type',
  'sigma_min',
  'sigma_max',
  'solver_order',
  'solver_type',
  'algorithm_type',
  'lower_order_final',
  'lambda_min_clipped',
]);

const FN = 'createNoiseSchedule';

function pick<T>(
  config: SchedulerConfigInput,
  key: string,
  fallback: T,
  ok: (v: unknown) => boolean,
  expected: string,
): T {
  const value = config[key];
  if (value === undefined) return fallback;
  if (!ok(value)) throw new InvalidArgumentError(FN, `config.${key}`, expected, value);
  return value as T;
}

const isBool = (v: unknown) => typeof v === 'boolean';
const isPositive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** {@link pick} for a string field limited to `values`; the first value is the default. */
function pickOneOf<T extends string>(
  config: SchedulerConfigInput,
  key: string,
  values: readonly [T, ...T[]],
): T {
  return pick(
    config,
    key,
    values[0],
    (v) => typeof v === 'string' && (values as readonly string[]).includes(v),
    `one of ${values.map((v) => `'${v}'`).join(', ')}`,
  );
}

/**
 * Builds the noise schedule of a diffusers scheduler config (`scheduler/scheduler_config.json`), with the
 * defaults and float32 numerics of diffusers' `DDIMScheduler` and `DDIMInverseScheduler`.
 * @param config - The parsed JSON object (snake_case keys); `{}` gives diffusers' defaults.
 * @throws InvalidArgumentError naming `config.<key>` for an invalid value, or `thresholding: true`
 * (dynamic thresholding is not implemented).
 * @see algorithm.md section 2.
 * @example
 * const schedule = createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG);
 * ddimTimesteps(schedule, 10); // [901, 801, ..., 101, 1]
 */
export function createNoiseSchedule(config: SchedulerConfigInput): NoiseSchedule {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidArgumentError(FN, 'config', 'a scheduler config object', config);
  }
  const n = pick(
    config,
    'num_train_timesteps',
    1000,
    (v) => Number.isSafeInteger(v) && (v as number) >= 2,
    'an integer >= 2',
  );
  const betaStart = pick(config, 'beta_start', 0.0001, isPositive, 'a positive number');
  const betaEnd = pick(config, 'beta_end', 0.02, isPositive, 'a positive number');
  const schedule = pickOneOf<BetaSchedule>(config, 'beta_schedule', [
    'linear',
    'scaled_linear',
    'squaredcos_cap_v2',
  ]);
  const clipSample = pick(config, 'clip_sample', true, isBool, 'a boolean');
  const clipSampleRange = pick(config, 'clip_sample_range', 1, isPositive, 'a positive number');
  const setAlphaToOne = pick(config, 'set_alpha_to_one', true, isBool, 'a boolean');
  const stepsOffset = pick(
    config,
    'steps_offset',
    0,
    (v) => Number.isSafeInteger(v) && (v as number) >= 0,
    'a non-negative integer',
  );
  const predictionType = pickOneOf<PredictionType>(config, 'prediction_type', [
    'epsilon',
    'v_prediction',
    'sample',
  ]);
  const timestepSpacing = pickOneOf<TimestepSpacing>(config, 'timestep_spacing', [
    'leading',
    'trailing',
    'linspace',
  ]);
  const rescale = pick(config, 'rescale_betas_zero_snr', false, isBool, 'a boolean');
  pick(config, 'thresholding', false, (v) => v === false, 'false (dynamic thresholding is not implemented)');

  let betas: Float32Array;
  const trained = config.trained_betas;
  if (trained !== undefined && trained !== null) {
    if (
      !Array.isArray(trained) ||
      trained.length !== n ||
      !trained.every((b) => typeof b === 'number' && b > 0 && b < 1)
    ) {
      throw new InvalidArgumentError(
        FN,
        'config.trained_betas',
        `an array of ${n} numbers in (0, 1)`,
        trained,
      );
    }
    betas = Float32Array.from(trained as number[]);
  } else if (schedule === 'linear') {
    betas = linspaceFloat32(betaStart, betaEnd, n);
  } else if (schedule === 'scaled_linear') {
    betas = linspaceFloat32(Math.sqrt(betaStart), Math.sqrt(betaEnd), n).map((b) => b * b);
  } else {
    betas = cosineBetas(n);
  }
  if (rescale) betas = rescaleZeroTerminalSnr(betas);
  if (!betas.every((b) => b >= 0 && b <= 1)) {
    throw new InvalidArgumentError(
      FN,
      'config.beta_end',
      'small enough that every beta is in [0, 1]',
      betaEnd,
    );
  }
  const alphasCumprod = alphasCumprodFloat32(betas);
  const edge = setAlphaToOne ? 1 : (alphasCumprod[0] ?? 1);
  const unknownKeys = Object.keys(config).filter((k) => !USED_KEYS.has(k) && !IGNORED_KEYS.has(k));
  return Object.freeze({
    numTrainTimesteps: n,
    betas,
    alphasCumprod,
    finalAlphaCumprod: edge,
    initialAlphaCumprod: edge,
    predictionType,
    timestepSpacing,
    stepsOffset,
    clipSample,
    clipSampleRange,
    unknownKeys: Object.freeze(unknownKeys),
  });
}

/**
 * ᾱ at a timestep, with diffusers' edge rule: for `t < 0` (one step past the end of denoising) it is
 * `finalAlphaCumprod`.
 * @param schedule - The noise schedule.
 * @param t - An integer timestep `< numTrainTimesteps`.
 * @example
 * alphaCumprodAt(createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG), 901); // ≈ 0.01400
 */
export function alphaCumprodAt(schedule: NoiseSchedule, t: number): number {
  if (!Number.isInteger(t) || t >= schedule.numTrainTimesteps) {
    throw new InvalidArgumentError('alphaCumprodAt', 't', `an integer < ${schedule.numTrainTimesteps}`, t);
  }
  return t < 0 ? schedule.finalAlphaCumprod : (schedule.alphasCumprod[t] ?? Number.NaN);
}

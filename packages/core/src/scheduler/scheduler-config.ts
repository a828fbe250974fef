/** Beta schedules accepted in `beta_schedule`, as named by diffusers. */
export type BetaSchedule = 'linear' | 'scaled_linear' | 'squaredcos_cap_v2';

/** How `ddimTimesteps` spreads the inference steps over the training steps (diffusers' `timestep_spacing`). */
export type TimestepSpacing = 'leading' | 'trailing' | 'linspace';

/** What the UNet predicts: the noise, the velocity `v`, or the clean sample. */
export type PredictionType = 'epsilon' | 'v_prediction' | 'sample';

/**
 * A diffusers `scheduler_config.json` object, snake_case keys as in the file, so a parsed JSON file can be
 * passed to {@link createNoiseSchedule} as is. Every key is optional; missing ones take diffusers'
 * `DDIMScheduler` defaults. Keys this library does not know are allowed and reported in
 * `NoiseSchedule.unknownKeys`.
 */
export interface SchedulerConfigInput {
  /** Number of training diffusion steps. Default 1000. */
  readonly num_train_timesteps?: number;
  /** First beta of `linear`/`scaled_linear`. Default 0.0001. */
  readonly beta_start?: number;
  /** Last beta of `linear`/`scaled_linear`. Default 0.02. */
  readonly beta_end?: number;
  /** Beta schedule. Default `linear`. */
  readonly beta_schedule?: BetaSchedule;
  /** Explicit betas overriding the schedule (length `num_train_timesteps`). Default null. */
  readonly trained_betas?: readonly number[] | null;
  /** Clamp the predicted clean sample to ±`clip_sample_range`. Default true (SD configs set false). */
  readonly clip_sample?: boolean;
  /** Clamp bound for `clip_sample`. Default 1. */
  readonly clip_sample_range?: number;
  /** Use ᾱ = 1 (instead of ᾱ[0]) beyond the last denoising step. Default true (SD configs set false). */
  readonly set_alpha_to_one?: boolean;
  /** Offset added to `leading` timesteps. Default 0 (SD configs set 1). */
  readonly steps_offset?: number;
  /** UNet output kind. Default `epsilon`. */
  readonly prediction_type?: PredictionType;
  /** Timestep spacing. Default `leading`. */
  readonly timestep_spacing?: TimestepSpacing;
  /** Rescale betas to zero terminal SNR (Lin et al. 2023). Default false. */
  readonly rescale_betas_zero_snr?: boolean;
  /** Dynamic thresholding; only `false` is supported. Default false. */
  readonly thresholding?: boolean;
  /** Other keys (`_class_name`, `skip_prk_steps`, ...) are accepted; unknown ones are reported. */
  readonly [key: string]: unknown;
}

/**
 * The `scheduler/scheduler_config.json` of Stable Diffusion 2.1 base (512 px), the backbone of COW and SOW.
 * @see algorithm.md section 2 and onnx-models.md section 2.2.
 */
export const SD21_BASE_SCHEDULER_CONFIG: Readonly<SchedulerConfigInput> = Object.freeze({
  _class_name: 'PNDMScheduler',
  _diffusers_version: '0.10.0.dev0',
  beta_end: 0.012,
  beta_schedule: 'scaled_linear',
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  prediction_type: 'epsilon',
  set_alpha_to_one: false,
  skip_prk_steps: true,
  steps_offset: 1,
  trained_betas: null,
} as const);

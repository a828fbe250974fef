import { SowError } from './sow-error.js';

/** What a {@link NumericalError} reports; `phase` and `step` are added by the pipeline that made the call. */
export interface NumericalErrorDetails {
  /** The model role whose output was not finite: `text_encoder`, `unet`, `vae_encoder` or `vae_decoder`. */
  readonly role: string;
  /** The output holding the non-finite values, e.g. `out_sample`. */
  readonly output: string;
  /** How many of its values are NaN or ±Infinity. */
  readonly nonFinite: number;
  /** How many values it has. */
  readonly total: number;
  /** The UNet call's timestep, when the role is the UNet. */
  readonly timestep?: number;
  /** The pipeline phase of the call (`encode-prompt`, `denoise`, `cycles`, `decode`, ...). */
  readonly phase?: string;
  /** The call's number in the run's progress (the `completed` its `step` event would have carried). */
  readonly step?: number;
}

const HINTS: Readonly<Record<string, string>> = {
  vae_decoder:
    'float16 exports of the SD 2.x VAE decoder are known to overflow; use a float32 VAE decoder (export with --dtype fp32, or replace vae_decoder/ by the fp32 one)',
  vae_encoder: 'float16 VAE encoders can overflow on bright or large images; use a float32 VAE encoder',
  unet: 'a float16 UNet can overflow at high noise levels; use the float32 export, and check the input image and latents are finite',
  text_encoder: 'the text encoder export is broken or overflows in float16; use the float32 export',
};

/**
 * Thrown when a model returns NaN or ±Infinity, instead of letting them become a black or noisy image:
 * names the role, the output, the pipeline phase, step and timestep, how many values are non-finite, and a
 * hint. Permanent for a given model and input (retrying does not help). Turn the check off with
 * `checkFinite: false` when loading.
 */
export class NumericalError extends SowError {
  /** The model role whose output was not finite. */
  readonly role: string;
  /** The output holding the non-finite values. */
  readonly output: string;
  /** Pipeline phase of the call, when a pipeline made it. */
  readonly phase: string | undefined;
  /** The call's number in the run's progress, when a pipeline made it. */
  readonly step: number | undefined;
  /** The UNet call's timestep, when the role is the UNet. */
  readonly timestep: number | undefined;
  /** Count of NaN and ±Infinity values in the output. */
  readonly nonFinite: number;
  /** Count of values in the output. */
  readonly total: number;
  /** What usually causes it for this role, and what to do. */
  readonly hint: string;

  /** Builds the message from the details; the hint depends on the role. */
  constructor(details: NumericalErrorDetails) {
    const where = [
      details.phase === undefined ? '' : `phase ${details.phase}`,
      details.step === undefined ? '' : `step ${details.step}`,
      details.timestep === undefined ? '' : `timestep ${details.timestep}`,
    ].filter((p) => p !== '');
    const hint = HINTS[details.role] ?? 'check the model export and its inputs';
    super(
      'NUMERICAL',
      `${details.role}: output ${details.output} must be finite, got ${details.nonFinite} NaN or infinite values of ${details.total}${where.length > 0 ? ` (${where.join(', ')})` : ''}. Hint: ${hint}.`,
    );
    this.role = details.role;
    this.output = details.output;
    this.phase = details.phase;
    this.step = details.step;
    this.timestep = details.timestep;
    this.nonFinite = details.nonFinite;
    this.total = details.total;
    this.hint = hint;
  }
}

/**
 * Adds the pipeline phase and step to a {@link NumericalError} raised by one model call (other errors pass
 * unchanged), so pipelines report where a run broke without the model roles knowing about pipelines.
 * @example
 * const eps = await atStep(models.unet.predict(input), 'denoise', progress.completed + 1);
 */
export async function atStep<T>(call: Promise<T>, phase: string, step: number): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const e = error as NumericalError;
    if (!NumericalError.isInstance(error) || e.phase !== undefined) throw error;
    throw new NumericalError({
      role: e.role,
      output: e.output,
      nonFinite: e.nonFinite,
      total: e.total,
      phase,
      step,
      ...(e.timestep === undefined ? {} : { timestep: e.timestep }),
    });
  }
}

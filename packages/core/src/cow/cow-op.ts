/**
 * The phases of a COW run, in order; progress events and per-phase timings use these names.
 * Invert phases run on their own latent (`condition`: the seed alone; `canvas`: the full canvas);
 * the others run on the canvas latent.
 */
export type CowPhase = 'invert-condition' | 'invert-canvas' | 'cycles' | 'final' | 'decode';

/**
 * Noise levels are diffusion timesteps (0..numTrainTimesteps-1) naming `alphasCumprod[level]`; a
 * negative level is the clean end of the chain (the scheduler's final alpha: 1 with `set_alpha_to_one`,
 * else `alphasCumprod[0]`), as in diffusers where the DDIM step from t=1 goes to t-100 = -99.
 */
export type CowLevel = number;

/**
 * One deterministic DDIM inversion step, guided by plain classifier-free guidance (G1: unconditional
 * prompt and user prompt, batch 2). Moves the target latent from `fromLevel` to `toLevel` with the UNet
 * evaluated at label `timestep`.
 * @see spec section 3.4-3.5
 */
export interface CowInvertOp {
  /** Op discriminator. */
  readonly kind: 'invert';
  /** `invert-condition` for the seed, `invert-canvas` for the canvas. */
  readonly phase: 'invert-condition' | 'invert-canvas';
  /** The latent the step moves: the condition seed alone, or the canvas (the working latent). */
  readonly target: 'condition' | 'canvas';
  /** UNet timestep label. */
  readonly timestep: number;
  /** Noise level the latent is taken to have before the step. */
  readonly fromLevel: CowLevel;
  /** Noise level after the step (above `fromLevel`). */
  readonly toLevel: CowLevel;
  /** Classifier-free guidance scale (unitless). */
  readonly guidanceScale: number;
  /** Condition only: keep the latent before the step in the inversion store, keyed by `fromLevel`. */
  readonly storeFrom: boolean;
  /** Condition only: keep the latent after the step in the inversion store, keyed by `toLevel`. */
  readonly storeTo: boolean;
}

/**
 * One-shot forward noising of the canvas latent from `fromLevel` to a noisier `toLevel`, with fresh
 * noise from the run's renoise stream: x = sqrt(a_to/a_from) x + sqrt(1 - a_to/a_from) n.
 * @see spec section 3.6 step 2.1
 */
export interface CowRenoiseOp {
  /** Op discriminator. */
  readonly kind: 'renoise';
  /** Always `cycles`. */
  readonly phase: 'cycles';
  /** Cycle number, 0-based. */
  readonly cycle: number;
  /** Noise level the latent is taken to have. */
  readonly fromLevel: CowLevel;
  /** Noise level after the jump (above `fromLevel`). */
  readonly toLevel: CowLevel;
}

/**
 * One DDIM denoising step of the canvas latent from `fromLevel` down to `toLevel`, UNet at label
 * `timestep`. Guidance `cycle` is the masked four-branch guidance G2 (batch 4: negative, prompt,
 * suppress, diverse); `final` is plain classifier-free guidance G3 (batch 2: unconditional, prompt).
 * @see spec section 3.3
 */
export interface CowDenoiseOp {
  /** Op discriminator. */
  readonly kind: 'denoise';
  /** `cycles` or `final`. */
  readonly phase: 'cycles' | 'final';
  /** Cycle number, 0-based; only in the `cycles` phase. */
  readonly cycle?: number;
  /** UNet timestep label. */
  readonly timestep: number;
  /** Noise level the sampler assumes before the step. */
  readonly fromLevel: CowLevel;
  /** Noise level the sampler assumes after the step (below `fromLevel`). */
  readonly toLevel: CowLevel;
  /** Guidance mode: `cycle` (G2, 4 branches) or `final` (G3, CFG). */
  readonly guidance: 'cycle' | 'final';
  /** Guidance scale (unitless). */
  readonly guidanceScale: number;
  /** DDIM eta in [0, 1]; above 0 it draws noise from the run's eta stream. */
  readonly eta: number;
}

/**
 * Overwrites the condition region of the canvas latent with the stored condition latent of `level`
 * and nothing else. `one-way` inside the cycles, `preserve` for the final-stage ID preservation.
 * @see spec section 3.6 (`put`)
 */
export interface CowReplaceOp {
  /** Op discriminator. */
  readonly kind: 'replace';
  /** `cycles` or `final`. */
  readonly phase: 'cycles' | 'final';
  /** Cycle number, 0-based; only in the `cycles` phase. */
  readonly cycle?: number;
  /** Level of the stored condition latent written into the region. */
  readonly level: CowLevel;
  /** Why: the cycles' one-way replacement or the final-stage preservation. */
  readonly purpose: 'one-way' | 'preserve';
}

/** Decodes the canvas latent to pixels with the VAE decoder; the last op of a full schedule. */
export interface CowDecodeOp {
  /** Op discriminator. */
  readonly kind: 'decode';
  /** Always `decode`. */
  readonly phase: 'decode';
}

/** One operation of a COW plan; a plan is a readonly array of these that `runCowSchedule` executes. */
export type CowOp = CowInvertOp | CowRenoiseOp | CowDenoiseOp | CowReplaceOp | CowDecodeOp;

import type { UNetInput } from '../models/roles.js';
import type { CowConfig } from './cow-config.js';
import type { CowDenoiseOp, CowInvertOp } from './cow-op.js';
import type { CowRegion } from './replace-region.js';

/** One UNet call of the COW executor, as a {@link CowUNetHook} sees it. */
export interface CowUNetCall {
  /** Index of the op in the plan. */
  readonly index: number;
  /** The inversion or denoising op the call serves. */
  readonly op: CowInvertOp | CowDenoiseOp;
  /**
   * The batch layout: `cfg` (batch 2: unconditional, prompt; G1 and G3) or `cycle` (batch 4: negative,
   * prompt, suppress, diverse; G2).
   */
  readonly guidance: 'cfg' | 'cycle';
}

/**
 * A hook around every UNet call of `runCowSchedule`: it receives the input the executor built and
 * returns the input to run, for example with extra fields a wrapped UNet understands (SOW adds its
 * attention modulation to the cycle calls this way, see `sowUNetHook`). The executor knows nothing
 * of what is added.
 * @example
 * const hook: CowUNetHook = (input, call) => (call.guidance === 'cycle' ? { ...input, timestep: input.timestep } : input);
 */
export type CowUNetHook = (input: UNetInput, call: CowUNetCall) => UNetInput;

/** What a COW pipeline knows before its first model call, handed to a {@link CowUNetHookFactory}. */
export interface CowUNetHookContext {
  /** The resolved config of the run. */
  readonly config: CowConfig;
  /** Where the condition sits in the canvas latent, with its keep-mask. */
  readonly region: CowRegion;
}

/**
 * Makes the {@link CowUNetHook} of one COW pipeline run from the run's config and region; called once,
 * before the first model call, so it can check its own inputs early.
 */
export type CowUNetHookFactory = (context: CowUNetHookContext) => CowUNetHook;

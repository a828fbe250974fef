import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { AttentionModulationConfig } from './attention-modulation-config.js';
import { attentionBranchStrengths } from './attention-modulation-feeds.js';
import type { AttentionRegions } from './attention-regions.js';
import type { UNetAttention } from './create-modulated-unet.js';

/**
 * Which items of COW's cycle batch (G2: negative, prompt, suppress, diverse) carry the user's prompt:
 * only the second.
 */
export const COW_CYCLE_TEXT_BRANCHES: readonly boolean[] = Object.freeze([false, true, false, false]);

/**
 * The modulation of one cycle UNet call of a SOW run: cycle `cycle`'s decay, the regions, and strengths
 * for the four G2 branches per `config.branches`. Pass it as `attention` to a {@link ModulatedUNet}.
 * @throws InvalidArgumentError when `cycle` is not a non-negative integer.
 * @see ../shared/spec/algorithm.md section 5.5 (during the cycle UNet calls only; all branches by default)
 * @example
 * const eps = await unet.predict({ sample, timestep, encoderHiddenStates, attention: cowCycleAttention(regions, op.cycle, config) });
 */
export function cowCycleAttention(
  regions: AttentionRegions,
  cycle: number,
  config: AttentionModulationConfig,
): UNetAttention {
  if (!Number.isInteger(cycle) || cycle < 0) {
    throw new InvalidArgumentError('cowCycleAttention', 'cycle', 'a non-negative integer', cycle);
  }
  const strengths = attentionBranchStrengths(COW_CYCLE_TEXT_BRANCHES, config);
  return { request: { regions, cycle, strengths }, config };
}

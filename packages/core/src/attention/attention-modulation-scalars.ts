import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { AttentionGate, AttentionModulationConfig } from './attention-modulation-config.js';

/**
 * The per-cycle scalars of the modulation, shared by every layer: the two weights with their temporal
 * decay applied, and the gate settings.
 * @see ../shared/spec/algorithm.md sections 5.4 and 6
 */
export interface AttentionModulationScalars {
  /** lambdaSup · exp(−alphaSup · k). */
  readonly supScale: number;
  /** lambdaEnh · exp(−alphaEnh · k). */
  readonly enhScale: number;
  /** Indicator threshold tau. */
  readonly tau: number;
  /** Gate shape. */
  readonly gate: AttentionGate;
}

/**
 * Computes the scalars for cycle `cycle` (0-based): the temporal decay f(k) = exp(−alpha·k) times each
 * weight. Use it with {@link computeAttentionLevelVectors} to drive one modulated UNet call.
 * @throws InvalidArgumentError when `cycle` is not a non-negative integer.
 * @see ../shared/spec/algorithm.md section 5.4 (decay) [recon]
 * @example
 * const s = attentionModulationScalars(9, resolveAttentionModulationConfig()); // s.supScale ≈ 0.3·0.26
 */
export function attentionModulationScalars(
  cycle: number,
  config: AttentionModulationConfig,
): AttentionModulationScalars {
  if (!Number.isInteger(cycle) || cycle < 0) {
    throw new InvalidArgumentError('attentionModulationScalars', 'cycle', 'a non-negative integer', cycle);
  }
  return {
    supScale: config.lambdaSup * Math.exp(-config.alphaSup * cycle),
    enhScale: config.lambdaEnh * Math.exp(-config.alphaEnh * cycle),
    tau: config.tau,
    gate: config.gate,
  };
}

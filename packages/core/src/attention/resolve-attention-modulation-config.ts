import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import {
  type AttentionModulationConfig,
  type AttentionModulationConfigOverrides,
  DEFAULT_ATTENTION_MODULATION_CONFIG,
} from './attention-modulation-config.js';

const FN = 'resolveAttentionModulationConfig';

function checkRange(
  name: keyof AttentionModulationConfig,
  value: unknown,
  lo: number,
  hi: number,
  text: string,
) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < lo || value > hi) {
    throw new InvalidArgumentError(FN, `config.${name}`, text, value);
  }
}

function checkChoice(name: keyof AttentionModulationConfig, value: unknown, choices: readonly unknown[]) {
  if (!choices.includes(value)) {
    throw new InvalidArgumentError(FN, `config.${name}`, `one of ${choices.join(', ')}`, value);
  }
}

/**
 * Applies overrides to {@link DEFAULT_ATTENTION_MODULATION_CONFIG} and validates the result once, at the
 * API boundary: weights in [0, 1] (so every score stays inside its row's [min, max]), decay rates ≥ 0,
 * 0 ≤ tau < 1, positive epsilon, known choices.
 * @throws InvalidArgumentError naming the first field that is out of range.
 * @example
 * const config = resolveAttentionModulationConfig({ gate: 'binary', lambdaEnh: 0 });
 */
export function resolveAttentionModulationConfig(
  overrides: AttentionModulationConfigOverrides = {},
): AttentionModulationConfig {
  const config: AttentionModulationConfig = { ...DEFAULT_ATTENTION_MODULATION_CONFIG, ...overrides };
  checkRange('lambdaSup', config.lambdaSup, 0, 1, 'a number in [0, 1]');
  checkRange('lambdaEnh', config.lambdaEnh, 0, 1, 'a number in [0, 1]');
  for (const name of ['alphaSup', 'alphaEnh', 'betaSup', 'betaEnh'] as const) {
    checkRange(name, config[name], 0, Number.MAX_VALUE, 'a finite number ≥ 0');
  }
  checkRange('tau', config.tau, 0, 1, 'a number in [0, 1)');
  if (config.tau === 1) throw new InvalidArgumentError(FN, 'config.tau', 'a number in [0, 1)', config.tau);
  checkRange('normEpsilon', config.normEpsilon, Number.MIN_VALUE, 1, 'a number in (0, 1]');
  checkChoice('gate', config.gate, ['soft', 'binary', 'off']);
  checkChoice('indicatorTokens', config.indicatorTokens, ['box', 'related']);
  checkChoice('branches', config.branches, ['all', 'text']);
  checkChoice('sizeTerm', config.sizeTerm, [true, false]);
  return Object.freeze(config);
}

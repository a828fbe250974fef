import { createNoiseSchedule, type NoiseSchedule } from '../scheduler/noise-schedule.js';
import { SD21_BASE_SCHEDULER_CONFIG } from '../scheduler/scheduler-config.js';
import type { CowConfig } from './cow-config.js';
import type { CowDenoiseOp, CowInvertOp, CowOp, CowReplaceOp } from './cow-op.js';
import { cowStepGrid } from './cow-step-grid.js';

/**
 * Builds the COW plan of a config as data: condition and canvas inversion, the cycles (renoise to the
 * band start, one-way replacement, guided DDIM steps each followed by a replacement), the final stage
 * with its preservation replacements, and the decode. Print it with `formatCowSchedule`, count it
 * with `cowScheduleTotals`, edit it, and run it with `runCowSchedule`.
 *
 * Position k (step index) holds the stored condition latent of level `t_k`. With `reference`
 * bookkeeping (diffusers 0.17.1) inversion label `t` maps level `t` to `t + ratio` and the DDIM step
 * with label `t_k` lands on position k; with `consistent` bookkeeping inversion label `t` maps
 * `t - ratio` to `t` and the step with label `t_k` lands on position k - 1 (one more UNet call per
 * inversion and in the final stage).
 * @param config - A resolved config (`resolveCowConfig`); only the step and band fields are read.
 * @param schedule - The noise schedule whose DDIM timesteps label the steps; default SD 2.1 base
 *   (t_k = 100k + 1 with 10 steps), so plans can be printed without a model.
 * @see spec section 3.5-3.9
 * @example
 * const ops = cowSchedule(resolveCowConfig('reference'), models.schedule);
 * console.log(formatCowSchedule(ops));
 */
export function cowSchedule(
  config: CowConfig,
  schedule: NoiseSchedule = createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG),
): readonly CowOp[] {
  const { labels, ratio } = cowStepGrid(schedule, config.steps, 'cowSchedule');
  const { bandStart: s, bandEnd: e, guidanceScale } = config;
  const t = (k: number): number => labels[k] ?? Number.NaN;
  const reference = config.bookkeeping === 'reference';
  // Condition levels the replacements read: band positions s..e and the preserve positions.
  const needed = new Set<number>();
  for (let k = e; k <= s; k++) needed.add(t(k));
  for (const k of config.preserveSteps) needed.add(t(k));

  const ops: CowOp[] = [];
  const invert = (target: 'condition' | 'canvas', label: number, first: boolean): void => {
    const fromLevel = reference ? label : label - ratio;
    const toLevel = reference ? label + ratio : label;
    const storing = target === 'condition';
    const op: CowInvertOp = {
      kind: 'invert',
      phase: target === 'condition' ? 'invert-condition' : 'invert-canvas',
      target,
      timestep: label,
      fromLevel,
      toLevel,
      guidanceScale,
      storeFrom: storing && first && needed.has(fromLevel),
      storeTo: storing && needed.has(toLevel),
    };
    ops.push(op);
  };
  // Reference: labels t_0..t_{n-1} reach position n. Consistent: labels t_0..t_n reach position n.
  const invertCount = (position: number): number => (reference ? position : position + 1);
  for (let k = 0; k < invertCount(s); k++) invert('condition', t(k), k === 0);
  for (let k = 0; k < invertCount(e); k++) invert('canvas', t(k), false);

  const replace = (level: number, purpose: CowReplaceOp['purpose'], cycle?: number): CowReplaceOp =>
    cycle === undefined
      ? { kind: 'replace', phase: 'final', level, purpose }
      : { kind: 'replace', phase: 'cycles', cycle, level, purpose };
  const denoise = (label: number, eta: number, cycle?: number): CowDenoiseOp => {
    const base = {
      kind: 'denoise',
      timestep: label,
      fromLevel: label,
      toLevel: label - ratio,
      guidanceScale,
      eta,
    } as const;
    return cycle === undefined
      ? { ...base, phase: 'final', guidance: 'final' }
      : { ...base, phase: 'cycles', cycle, guidance: 'cycle' };
  };
  // The DDIM step that lands on position p has label t_p (reference) or t_{p+1} (consistent; p < bandStart).
  const labelInto = (p: number): number => (reference ? t(p) : t(p + 1));

  for (let c = 0; c < config.cycles; c++) {
    ops.push({ kind: 'renoise', phase: 'cycles', cycle: c, fromLevel: t(e), toLevel: t(s) });
    ops.push(replace(t(s), 'one-way', c));
    for (let p = s - 1; p >= e; p--) {
      ops.push(denoise(labelInto(p), config.cycleEta, c));
      ops.push(replace(t(p), 'one-way', c));
    }
  }
  const preserve = new Set(config.preserveSteps);
  for (let p = e - 1; p >= 0; p--) {
    ops.push(denoise(labelInto(p), config.finalEta));
    if (preserve.has(p)) ops.push(replace(t(p), 'preserve'));
  }
  // Consistent bookkeeping ends on level t_0; one more step reaches the clean end.
  if (!reference) ops.push(denoise(t(0), config.finalEta));
  ops.push({ kind: 'decode', phase: 'decode' });
  return Object.freeze(ops.map((op) => Object.freeze(op)));
}

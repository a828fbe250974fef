import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { NoiseSchedule } from '../scheduler/noise-schedule.js';
import type { CowOp } from './cow-op.js';

const PHASES = {
  invert: ['invert-condition', 'invert-canvas'],
  renoise: ['cycles'],
  denoise: ['cycles', 'final'],
  replace: ['cycles', 'final'],
  decode: ['decode'],
} as const;

/**
 * Checks a (possibly user-edited) COW plan before anything runs: known op kinds and phases, timesteps
 * and levels inside the schedule, levels moving the right way, etas in [0, 1], every replacement
 * reading a level an earlier inversion stored, and decode only as the last op. Throws
 * `InvalidArgumentError` naming the op, e.g. `ops[12].level`.
 * @internal
 */
export function validateCowSchedule(ops: readonly CowOp[], schedule: NoiseSchedule, fn: string): void {
  if (!Array.isArray(ops)) throw new InvalidArgumentError(fn, 'ops', 'an array of COW ops', ops);
  const n = schedule.numTrainTimesteps;
  const stored = new Set<number>();
  ops.forEach((op: CowOp, i) => {
    const at = `ops[${i}]`;
    const fail = (field: string, expected: string, value: unknown): never => {
      throw new InvalidArgumentError(fn, `${at}${field}`, expected, value);
    };
    if (typeof op !== 'object' || op === null || !Object.hasOwn(PHASES, op.kind)) {
      fail('.kind', "one of 'invert', 'renoise', 'denoise', 'replace', 'decode'", op?.kind);
    }
    if (!(PHASES[op.kind] as readonly string[]).includes(op.phase)) {
      fail('.phase', `one of ${PHASES[op.kind].join(', ')} for a ${op.kind} op`, op.phase);
    }
    const level = (field: string, v: unknown): number => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v >= n) {
        fail(field, `an integer noise level below ${n} (negative = clean end)`, v);
      }
      return v as number;
    };
    const label = (v: unknown): void => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= n) {
        fail('.timestep', `an integer timestep in [0, ${n - 1}]`, v);
      }
    };
    const scale = (v: unknown): void => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        fail('.guidanceScale', 'a finite number >= 0', v);
    };
    switch (op.kind) {
      case 'invert': {
        label(op.timestep);
        scale(op.guidanceScale);
        const from = level('.fromLevel', op.fromLevel);
        const to = level('.toLevel', op.toLevel);
        if (to <= from) fail('.toLevel', `a level above fromLevel (${from})`, to);
        if (op.target !== 'condition' && op.target !== 'canvas') {
          fail('.target', "'condition' or 'canvas'", op.target);
        }
        if (op.phase !== (op.target === 'condition' ? 'invert-condition' : 'invert-canvas')) {
          fail('.phase', `invert-${op.target} for target ${op.target}`, op.phase);
        }
        if (op.target === 'canvas' && (op.storeFrom || op.storeTo)) {
          fail('.storeTo', 'false for the canvas (only condition latents are stored)', true);
        }
        if (op.storeFrom === true) stored.add(from);
        if (op.storeTo === true) stored.add(to);
        break;
      }
      case 'renoise': {
        const from = level('.fromLevel', op.fromLevel);
        if (from < 0) fail('.fromLevel', 'a level >= 0 (renoising starts from a noisy latent)', from);
        const to = level('.toLevel', op.toLevel);
        if (to <= from) fail('.toLevel', `a level above fromLevel (${from})`, to);
        break;
      }
      case 'denoise': {
        label(op.timestep);
        scale(op.guidanceScale);
        const from = level('.fromLevel', op.fromLevel);
        const to = level('.toLevel', op.toLevel);
        if (to >= from) fail('.toLevel', `a level below fromLevel (${from})`, to);
        if (op.guidance !== 'cycle' && op.guidance !== 'final')
          fail('.guidance', "'cycle' or 'final'", op.guidance);
        if (typeof op.eta !== 'number' || !(op.eta >= 0 && op.eta <= 1))
          fail('.eta', 'a number in [0, 1]', op.eta);
        break;
      }
      case 'replace': {
        if (!stored.has(op.level)) {
          fail(
            '.level',
            `a level stored by an earlier inversion op ([${[...stored].sort((a, b) => a - b).join(', ')}])`,
            op.level,
          );
        }
        if (op.purpose !== 'one-way' && op.purpose !== 'preserve')
          fail('.purpose', "'one-way' or 'preserve'", op.purpose);
        break;
      }
      case 'decode':
        if (i !== ops.length - 1) fail('.kind', 'decode only as the last op', op.kind);
        break;
    }
  });
}

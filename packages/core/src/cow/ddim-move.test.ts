import { describe, expect, it } from 'vitest';
import { createNoiseGenerator, randn } from '../random/index.js';
import {
  createNoiseSchedule,
  ddimInverseStep,
  ddimStep,
  SD21_BASE_SCHEDULER_CONFIG,
} from '../scheduler/index.js';
import { createTensor } from '../tensor/tensor.js';
import { ddimMove } from './ddim-move.js';

const schedule = createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG);
const rng = createNoiseGenerator(11);
const x = randn(rng, [1, 4, 4, 4]);
const eps = randn(rng, [1, 4, 4, 4]);
const z = randn(rng, [1, 4, 4, 4]);

function maxDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? 0))), 0);
}

describe('ddimMove', () => {
  it('equals ddimStep for a standard DDIM step with eta', () => {
    for (const [t, eta] of [
      [701, 1],
      [401, 0.1],
      [1, 0.1],
    ] as const) {
      const ours = ddimMove({
        schedule,
        modelOutput: eps,
        sample: x,
        fromLevel: t,
        toLevel: t - 100,
        eta,
        noise: z,
      });
      const theirs = ddimStep({
        schedule,
        modelOutput: eps,
        timestep: t,
        sample: x,
        numInferenceSteps: 10,
        eta,
        noise: z,
      });
      expect(maxDiff(ours.data, theirs.prevSample.data)).toBeLessThan(1e-5);
    }
  });

  it('equals ddimInverseStep (diffusers >= 0.22) for the consistent bookkeeping', () => {
    for (const t of [1, 101, 601]) {
      const ours = ddimMove({ schedule, modelOutput: eps, sample: x, fromLevel: t - 100, toLevel: t });
      const theirs = ddimInverseStep({
        schedule,
        modelOutput: eps,
        timestep: t,
        sample: x,
        numInferenceSteps: 10,
      });
      expect(maxDiff(ours.data, theirs.prevSample.data)).toBeLessThan(1e-5);
    }
  });

  it('has the sigma of the spec table (section 2) and the closed form of a deterministic move', () => {
    const zero = createTensor('float32', [1, 1, 1, 1], [0]);
    const one = createTensor('float32', [1, 1, 1, 1], [1]);
    const sigma = (from: number, to: number, eta: number) =>
      ddimMove({ schedule, modelOutput: zero, sample: zero, fromLevel: from, toLevel: to, eta, noise: one })
        .data[0];
    expect(sigma(701, 601, 1)).toBeCloseTo(0.6679, 4);
    expect(sigma(501, 401, 1)).toBeCloseTo(0.5276, 4);
    expect(sigma(401, 301, 0.1)).toBeCloseTo(0.0448, 4);
    expect(sigma(1, -99, 0.1)).toBeCloseTo(0.0021, 4);
    // 0.17.1 inversion, level 601 -> 701 with eps at label 601: x' = sqrt(a701/a601) x + (sqrt(1-a701) - sqrt(a701/a601) sqrt(1-a601)) eps.
    const a = 0.15982;
    const b = 0.08192;
    const moved =
      ddimMove({ schedule, modelOutput: one, sample: one, fromLevel: 601, toLevel: 701 }).data[0] ?? 0;
    expect(moved).toBeCloseTo(Math.sqrt(b / a) + Math.sqrt(1 - b) - Math.sqrt(b / a) * Math.sqrt(1 - a), 4);
  });

  it('refuses eta on an inversion move', () => {
    expect(() =>
      ddimMove({ schedule, modelOutput: eps, sample: x, fromLevel: 101, toLevel: 201, eta: 0.5, noise: z }),
    ).toThrow(/eta must be 0 unless the move denoises/);
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { createNoiseGenerator } from '../random/noise-generator.js';
import { randn } from '../random/randn.js';
import { createTensor } from '../tensor/tensor.js';
import { addNoise } from './add-noise.js';
import { ddimInverseStep } from './ddim-inverse-step.js';
import { ddimStep } from './ddim-step.js';
import { createNoiseSchedule } from './noise-schedule.js';
import { renoise } from './renoise.js';
import { SD21_BASE_SCHEDULER_CONFIG } from './scheduler-config.js';

const sd = createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG);
const rng = createNoiseGenerator('ddim-step-test');
const shape = [2, 4, 3, 3];
const x = randn(rng.fork('x'), shape);
const eps = randn(rng.fork('eps'), shape);
const z = randn(rng.fork('z'), shape);
const abar = (t: number) => (t >= 0 ? Number(sd.alphasCumprod[t]) : Number(sd.alphasCumprod[0]));

describe('ddimStep', () => {
  it('equals the spec formula with eta and caller noise (algorithm.md section 2)', () => {
    const [t, prev, eta] = [701, 601, 1];
    const { prevSample, predOriginalSample } = ddimStep({
      schedule: sd,
      modelOutput: eps,
      timestep: t,
      sample: x,
      numInferenceSteps: 10,
      eta,
      noise: z,
    });
    const [at, ap] = [abar(t), abar(prev)];
    const sigma = eta * Math.sqrt((1 - ap) / (1 - at)) * Math.sqrt(1 - at / ap);
    for (let i = 0; i < x.data.length; i++) {
      const [xi, ei, zi] = [Number(x.data[i]), Number(eps.data[i]), Number(z.data[i])];
      const x0 = (xi - Math.sqrt(1 - at) * ei) / Math.sqrt(at);
      expect(predOriginalSample.data[i]).toBeCloseTo(x0, 4);
      expect(prevSample.data[i]).toBeCloseTo(
        Math.sqrt(ap) * x0 + Math.sqrt(1 - ap - sigma ** 2) * ei + sigma * zi,
        4,
      );
    }
  });

  it('draws the noise from a generator exactly like randn on the same stream', () => {
    const viaGenerator = ddimStep({
      schedule: sd,
      modelOutput: eps,
      timestep: 1,
      sample: x,
      numInferenceSteps: 10,
      eta: 0.1,
      generator: createNoiseGenerator(3),
    });
    const viaNoise = ddimStep({
      schedule: sd,
      modelOutput: eps,
      timestep: 1,
      sample: x,
      numInferenceSteps: 10,
      eta: 0.1,
      noise: randn(createNoiseGenerator(3), shape),
    });
    expect(viaGenerator.prevSample.data).toEqual(viaNoise.prevSample.data);
  });

  it('handles v-prediction, sample prediction, clipping and clipped model output', () => {
    const t = 501;
    const at = abar(t);
    const ap = abar(401);
    const v = createNoiseSchedule({ ...SD21_BASE_SCHEDULER_CONFIG, prediction_type: 'v_prediction' });
    const outV = ddimStep({ schedule: v, modelOutput: eps, timestep: t, sample: x, numInferenceSteps: 10 });
    const s = createNoiseSchedule({ ...SD21_BASE_SCHEDULER_CONFIG, prediction_type: 'sample' });
    const outS = ddimStep({ schedule: s, modelOutput: eps, timestep: t, sample: x, numInferenceSteps: 10 });
    const c = createNoiseSchedule({
      ...SD21_BASE_SCHEDULER_CONFIG,
      clip_sample: true,
      clip_sample_range: 0.5,
    });
    const outC = ddimStep({
      schedule: c,
      modelOutput: eps,
      timestep: t,
      sample: x,
      numInferenceSteps: 10,
      useClippedModelOutput: true,
    });
    for (let i = 0; i < x.data.length; i++) {
      const [xi, mi] = [Number(x.data[i]), Number(eps.data[i])];
      const x0v = Math.sqrt(at) * xi - Math.sqrt(1 - at) * mi;
      const e0v = Math.sqrt(at) * mi + Math.sqrt(1 - at) * xi;
      expect(outV.prevSample.data[i]).toBeCloseTo(Math.sqrt(ap) * x0v + Math.sqrt(1 - ap) * e0v, 4);
      const e0s = (xi - Math.sqrt(at) * mi) / Math.sqrt(1 - at);
      expect(outS.prevSample.data[i]).toBeCloseTo(Math.sqrt(ap) * mi + Math.sqrt(1 - ap) * e0s, 4);
      const x0c = Math.max(-0.5, Math.min(0.5, (xi - Math.sqrt(1 - at) * mi) / Math.sqrt(at)));
      const e0c = (xi - Math.sqrt(at) * x0c) / Math.sqrt(1 - at);
      expect(outC.prevSample.data[i]).toBeCloseTo(Math.sqrt(ap) * x0c + Math.sqrt(1 - ap) * e0c, 4);
    }
  });

  it('validates its arguments', () => {
    const base = { schedule: sd, modelOutput: eps, timestep: 501, sample: x, numInferenceSteps: 10 };
    expect(() => ddimStep({ ...base, eta: 0.5 })).toThrow(InvalidArgumentError);
    expect(() => ddimStep({ ...base, eta: 0.5, noise: z, generator: rng })).toThrow(InvalidArgumentError);
    expect(() => ddimStep({ ...base, eta: -1 })).toThrow(/eta must be/);
    expect(() => ddimStep({ ...base, eta: 3, noise: z })).toThrow(/eta must be/);
    expect(() => ddimStep({ ...base, timestep: 1000 })).toThrow(/timestep must be/);
    expect(() => ddimStep({ ...base, timestep: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => ddimStep({ ...base, numInferenceSteps: 0 })).toThrow(/numInferenceSteps/);
    expect(() => ddimStep({ ...base, modelOutput: createTensor('float32', [2, 4, 3, 2]) })).toThrow(
      ShapeMismatchError,
    );
    expect(() => ddimStep({ ...base, eta: 1, noise: createTensor('float32', [1]) })).toThrow(
      ShapeMismatchError,
    );
  });
});

describe('ddimInverseStep', () => {
  it('maps level t - 100 to level t, and level 0 (initialAlphaCumprod) for the first step', () => {
    for (const t of [1, 401]) {
      const from = t - 100 >= 0 ? abar(t - 100) : sd.initialAlphaCumprod;
      const out = ddimInverseStep({
        schedule: sd,
        modelOutput: eps,
        timestep: t,
        sample: x,
        numInferenceSteps: 10,
      });
      for (let i = 0; i < x.data.length; i++) {
        const [xi, ei] = [Number(x.data[i]), Number(eps.data[i])];
        const x0 = (xi - Math.sqrt(1 - from) * ei) / Math.sqrt(from);
        expect(out.predOriginalSample.data[i]).toBeCloseTo(x0, 4);
        expect(out.prevSample.data[i]).toBeCloseTo(Math.sqrt(abar(t)) * x0 + Math.sqrt(1 - abar(t)) * ei, 4);
      }
    }
  });

  it('is the exact inverse of ddimStep for a fixed noise prediction', () => {
    const up = ddimInverseStep({
      schedule: sd,
      modelOutput: eps,
      timestep: 601,
      sample: x,
      numInferenceSteps: 10,
    });
    const down = ddimStep({
      schedule: sd,
      modelOutput: eps,
      timestep: 601,
      sample: up.prevSample,
      numInferenceSteps: 10,
    });
    down.prevSample.data.forEach((v, i) => void expect(v).toBeCloseTo(Number(x.data[i]), 5));
  });
});

describe('addNoise and renoise', () => {
  it('addNoise is the forward marginal', () => {
    const out = addNoise(sd, x, z, 501);
    out.data.forEach(
      (v, i) =>
        void expect(v).toBeCloseTo(
          Math.sqrt(abar(501)) * Number(x.data[i]) + Math.sqrt(1 - abar(501)) * Number(z.data[i]),
          5,
        ),
    );
  });

  it('renoise uses the spec coefficients 0.5458 and 0.8379 from 501 to 701', () => {
    const one = createTensor('float32', [1], [1]);
    const zero = createTensor('float32', [1], [0]);
    expect(renoise(sd, one, 501, 701, zero).data[0]).toBeCloseTo(0.5458, 4);
    expect(renoise(sd, zero, 501, 701, one).data[0]).toBeCloseTo(0.8379, 4);
  });

  it('renoise composes with addNoise into the forward marginal (variances add up)', () => {
    // addNoise to 401, then renoise to 701 with independent noise: the combined noise coefficient must be
    // sqrt(1 - abar701) and the signal coefficient sqrt(abar701).
    const a = Math.sqrt(abar(701) / abar(401));
    const b = Math.sqrt(1 - abar(701) / abar(401));
    expect(a * Math.sqrt(abar(401))).toBeCloseTo(Math.sqrt(abar(701)), 6);
    expect(Math.hypot(a * Math.sqrt(1 - abar(401)), b)).toBeCloseTo(Math.sqrt(1 - abar(701)), 6);
    const y = renoise(sd, addNoise(sd, x, eps, 401), 401, 701, z);
    y.data.forEach(
      (v, i) =>
        void expect(v).toBeCloseTo(
          a * (Math.sqrt(abar(401)) * Number(x.data[i]) + Math.sqrt(1 - abar(401)) * Number(eps.data[i])) +
            b * Number(z.data[i]),
          5,
        ),
    );
  });

  it('validates timesteps and shapes', () => {
    expect(() => renoise(sd, x, 701, 501, z)).toThrow(/toT must be greater than fromT/);
    expect(() => renoise(sd, x, 501, 501, z)).toThrow(InvalidArgumentError);
    expect(() => renoise(sd, x, -1, 501, z)).toThrow(InvalidArgumentError);
    expect(() => renoise(sd, x, 1, 501, createTensor('float32', [3]))).toThrow(ShapeMismatchError);
    expect(() => addNoise(sd, x, z, 1000)).toThrow(InvalidArgumentError);
  });
});

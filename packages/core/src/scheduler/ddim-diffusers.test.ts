/*
 * Ports of diffusers' own scheduler tests (huggingface/diffusers@58eb52c, tests/schedulers/
 * test_scheduler_ddim.py, test_scheduler_ddim_inverse.py and the dummies of test_schedulers.py). The
 * expected numbers are diffusers' published assertions, with diffusers' tolerances.
 */
import { describe, expect, it } from 'vitest';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import { addNoise } from './add-noise.js';
import { ddimInverseStep } from './ddim-inverse-step.js';
import { ddimStep } from './ddim-step.js';
import { ddimInverseTimesteps, ddimTimesteps } from './ddim-timesteps.js';
import { ddimVariance } from './ddim-variance.js';
import { createNoiseSchedule } from './noise-schedule.js';
import type { SchedulerConfigInput } from './scheduler-config.js';

const SHAPE = [4, 3, 8, 8];

/** `torch.arange(768).reshape(3, 8, 8, 4) / 768` permuted to (4, 3, 8, 8); `flip` for the noise. */
function deter(flip: boolean): Float32Tensor {
  const data = new Float32Array(768);
  for (let b = 0; b < 4; b++)
    for (let c = 0; c < 3; c++)
      for (let h = 0; h < 8; h++)
        for (let w = 0; w < 8; w++) {
          const k = ((c * 8 + h) * 8 + w) * 4 + b;
          data[((b * 3 + c) * 8 + h) * 8 + w] = (flip ? 767 - k : k) / 768;
        }
  return createTensor('float32', SHAPE, data);
}

/** diffusers' `dummy_model`: `sample * t / (t + 1)` in float32. */
function dummyModel(sample: Float32Tensor, t: number): Float32Tensor {
  return createTensor(
    'float32',
    sample.shape,
    sample.data.map((x) => Math.fround(x * t) / (t + 1)),
  );
}

function absSumMean(t: Float32Tensor): [number, number] {
  let s = 0;
  for (const v of t.data) s += Math.abs(v);
  return [s, s / t.data.length];
}

const BASE: SchedulerConfigInput = {
  num_train_timesteps: 1000,
  beta_start: 0.0001,
  beta_end: 0.02,
  beta_schedule: 'linear',
  clip_sample: true,
};

function ddimFullLoop(overrides: SchedulerConfigInput): Float32Tensor {
  const schedule = createNoiseSchedule({ ...BASE, ...overrides });
  let sample = deter(false);
  for (const t of ddimTimesteps(schedule, 10)) {
    sample = ddimStep({
      schedule,
      modelOutput: dummyModel(sample, t),
      timestep: t,
      sample,
      numInferenceSteps: 10,
      eta: 0,
    }).prevSample;
  }
  return sample;
}

function inverseFullLoop(overrides: SchedulerConfigInput): Float32Tensor {
  const schedule = createNoiseSchedule({ ...BASE, ...overrides });
  let sample = deter(false);
  for (const t of ddimInverseTimesteps(schedule, 10)) {
    sample = ddimInverseStep({
      schedule,
      modelOutput: dummyModel(sample, t),
      timestep: t,
      sample,
      numInferenceSteps: 10,
    }).prevSample;
  }
  return sample;
}

describe('DDIMScheduler tests (diffusers)', () => {
  const cases: [string, SchedulerConfigInput, number, number][] = [
    ['test_full_loop_no_noise', {}, 172.0067, 0.223967],
    ['test_full_loop_with_v_prediction', { prediction_type: 'v_prediction' }, 52.5302, 0.0684],
    ['test_full_loop_with_set_alpha_to_one', { set_alpha_to_one: true, beta_start: 0.01 }, 149.8295, 0.1951],
    [
      'test_full_loop_with_no_set_alpha_to_one',
      { set_alpha_to_one: false, beta_start: 0.01 },
      149.0784,
      0.1941,
    ],
  ];
  for (const [name, overrides, sum, mean] of cases) {
    it(name, () => {
      const [s, m] = absSumMean(ddimFullLoop(overrides));
      expect(Math.abs(s - sum)).toBeLessThan(1e-2);
      expect(Math.abs(m - mean)).toBeLessThan(1e-3);
    });
  }

  it('test_full_loop_with_noise (add_noise at timesteps[8], then DDIM)', () => {
    const schedule = createNoiseSchedule(BASE);
    const timesteps = ddimTimesteps(schedule, 10).slice(8);
    let sample = addNoise(schedule, deter(false), deter(true), timesteps[0] ?? -1);
    for (const t of timesteps) {
      sample = ddimStep({
        schedule,
        modelOutput: dummyModel(sample, t),
        timestep: t,
        sample,
        numInferenceSteps: 10,
      }).prevSample;
    }
    const [s, m] = absSumMean(sample);
    expect(Math.abs(s - 354.5418)).toBeLessThan(1e-2);
    expect(Math.abs(m - 0.4616)).toBeLessThan(1e-3);
  });

  it('test_variance', () => {
    const schedule = createNoiseSchedule(BASE);
    expect(Math.abs(ddimVariance(schedule, 0, 0) - 0)).toBeLessThan(1e-5);
    expect(Math.abs(ddimVariance(schedule, 420, 400) - 0.14771)).toBeLessThan(1e-5);
    expect(Math.abs(ddimVariance(schedule, 980, 960) - 0.3246)).toBeLessThan(1e-5);
    expect(Math.abs(ddimVariance(schedule, 487, 486) - 0.00979)).toBeLessThan(1e-5);
    expect(Math.abs(ddimVariance(schedule, 999, 998) - 0.02)).toBeLessThan(1e-5);
  });

  it('test_steps_offset', () => {
    expect(ddimTimesteps(createNoiseSchedule({ ...BASE, steps_offset: 1 }), 5)).toEqual([
      801, 601, 401, 201, 1,
    ]);
  });
});

describe('DDIMInverseScheduler tests (diffusers >= 0.22)', () => {
  const cases: [string, SchedulerConfigInput, number, number][] = [
    ['test_full_loop_no_noise', {}, 671.6816, 0.8746],
    ['test_full_loop_with_v_prediction', { prediction_type: 'v_prediction' }, 1394.2185, 1.8154],
    ['test_full_loop_with_set_alpha_to_one', { set_alpha_to_one: true, beta_start: 0.01 }, 539.9622, 0.7031],
    [
      'test_full_loop_with_no_set_alpha_to_one',
      { set_alpha_to_one: false, beta_start: 0.01 },
      542.6722,
      0.7066,
    ],
  ];
  for (const [name, overrides, sum, mean] of cases) {
    it(name, () => {
      const [s, m] = absSumMean(inverseFullLoop(overrides));
      expect(Math.abs(s - sum)).toBeLessThan(1e-2);
      expect(Math.abs(m - mean)).toBeLessThan(1e-3);
    });
  }

  it('test_steps_offset', () => {
    expect(ddimInverseTimesteps(createNoiseSchedule({ ...BASE, steps_offset: 1 }), 5)).toEqual([
      1, 201, 401, 601, 801,
    ]);
  });
});

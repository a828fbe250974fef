import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ddimInverseTimesteps, ddimTimesteps } from './ddim-timesteps.js';
import { ddimVariance } from './ddim-variance.js';
import { alphaCumprodAt, createNoiseSchedule } from './noise-schedule.js';
import { SD21_BASE_SCHEDULER_CONFIG } from './scheduler-config.js';

const sd = createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG);

describe('createNoiseSchedule with the SD 2.1 base config (algorithm.md section 2)', () => {
  it('reproduces the spec abar table', () => {
    const table: [number, number][] = [
      [0, 0.99915],
      [1, 0.9983],
      [101, 0.89298],
      [201, 0.75214],
      [301, 0.58882],
      [401, 0.42288],
      [501, 0.275],
      [601, 0.15982],
      [701, 0.08192],
      [801, 0.03655],
      [901, 0.014],
    ];
    for (const [t, abar] of table) expect(Math.abs(alphaCumprodAt(sd, t) - abar)).toBeLessThan(5e-6);
    // onnx-models.md section 2.2
    expect(Math.abs(alphaCumprodAt(sd, 500) - 0.276333)).toBeLessThan(1e-6);
    expect(Math.abs(alphaCumprodAt(sd, 999) - 0.0046601)).toBeLessThan(5e-8);
    expect(sd.finalAlphaCumprod).toBe(sd.alphasCumprod[0]);
    expect(sd.initialAlphaCumprod).toBe(sd.alphasCumprod[0]);
    expect(alphaCumprodAt(sd, -99)).toBe(sd.finalAlphaCumprod);
    expect(sd.unknownKeys).toEqual([]);
  });

  it('matches the closed-form scaled_linear betas and their product (float64 reference)', () => {
    const a = Math.sqrt(0.00085);
    const b = Math.sqrt(0.012);
    let prod = 1;
    for (let i = 0; i < 1000; i++) {
      const beta = (a + ((b - a) * i) / 999) ** 2;
      prod *= 1 - beta;
      expect(Math.abs((sd.betas[i] ?? 0) - beta) / beta).toBeLessThan(1e-6);
      expect(Math.abs((sd.alphasCumprod[i] ?? 0) - prod) / prod).toBeLessThan(2e-5);
    }
  });

  it('gives the spec sampling timesteps and sigma table', () => {
    expect(ddimTimesteps(sd, 10)).toEqual([901, 801, 701, 601, 501, 401, 301, 201, 101, 1]);
    expect(ddimInverseTimesteps(sd, 10)).toEqual([1, 101, 201, 301, 401, 501, 601, 701, 801, 901]);
    const fifty = ddimTimesteps(sd, 50);
    expect(fifty.length).toBe(50);
    expect([fifty[0], fifty[1], fifty[49]]).toEqual([981, 961, 1]);
    const sigmas: [number, number, number, number][] = [
      [701, 601, 1, 0.6679],
      [601, 501, 1, 0.6012],
      [501, 401, 1, 0.5276],
      [401, 301, 0.1, 0.0448],
      [301, 201, 0.1, 0.0362],
      [201, 101, 0.1, 0.0261],
      [101, 1, 0.1, 0.0041],
      [1, -99, 0.1, 0.0021],
    ];
    for (const [t, prev, eta, sigma] of sigmas) {
      expect(Math.abs(eta * Math.sqrt(ddimVariance(sd, t, prev)) - sigma)).toBeLessThan(5e-5);
    }
  });
});

describe('ddimTimesteps spacing', () => {
  it('trailing and linspace follow numpy arithmetic', () => {
    const trailing = createNoiseSchedule({ timestep_spacing: 'trailing' });
    expect(ddimTimesteps(trailing, 10)).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
    // np.round(np.arange(1000, 0, -1000/7)) - 1, worked by hand
    expect(ddimTimesteps(trailing, 7)).toEqual([999, 856, 713, 570, 428, 285, 142]);
    expect(ddimInverseTimesteps(trailing, 7)).toEqual([142, 285, 428, 570, 713, 856, 999]);
    const linspace = createNoiseSchedule({ timestep_spacing: 'linspace' });
    expect(ddimTimesteps(linspace, 10)).toEqual([999, 888, 777, 666, 555, 444, 333, 222, 111, 0]);
    // np.linspace(0, 999, 4).round() = [0, 333, 666, 999]; with 3 steps 499.5 rounds to even 500
    expect(ddimTimesteps(linspace, 3)).toEqual([999, 500, 0]);
    expect(() => ddimTimesteps(linspace, 0)).toThrow(InvalidArgumentError);
    expect(() => ddimTimesteps(linspace, 1001)).toThrow(/numInferenceSteps/);
  });
});

describe('createNoiseSchedule config handling', () => {
  it('uses DDIMScheduler defaults', () => {
    const s = createNoiseSchedule({});
    expect(s.numTrainTimesteps).toBe(1000);
    expect(s.betas[0]).toBe(Math.fround(0.0001));
    expect(s.betas[999]).toBe(Math.fround(0.02));
    expect(s.finalAlphaCumprod).toBe(1);
    expect(s.initialAlphaCumprod).toBe(1);
    expect([s.predictionType, s.timestepSpacing, s.stepsOffset, s.clipSample, s.clipSampleRange]).toEqual([
      'epsilon',
      'leading',
      0,
      true,
      1,
    ]);
  });

  it('builds the squaredcos_cap_v2 betas from the cosine alpha-bar', () => {
    const s = createNoiseSchedule({ beta_schedule: 'squaredcos_cap_v2', num_train_timesteps: 100 });
    const f = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(s.betas[10]).toBeCloseTo(1 - f(11 / 100) / f(10 / 100), 7);
    expect(s.betas[99]).toBeCloseTo(0.999, 6);
    expect(Math.abs((s.alphasCumprod[49] ?? 0) - f(0.5) / f(0))).toBeLessThan(1e-5);
  });

  it('accepts trained_betas and zero-terminal-SNR rescaling', () => {
    const s = createNoiseSchedule({ num_train_timesteps: 4, trained_betas: [0.1, 0.2, 0.3, 0.4] });
    [0.9, 0.72, 0.504, 0.3024].forEach((a, i) => void expect(s.alphasCumprod[i]).toBeCloseTo(a, 7));
    const z = createNoiseSchedule({ rescale_betas_zero_snr: true });
    expect(z.alphasCumprod[999]).toBeLessThan(1e-9);
    expect(z.alphasCumprod[0]).toBeCloseTo(createNoiseSchedule({}).alphasCumprod[0] ?? 0, 6);
  });

  it('reports unknown keys and rejects invalid values naming the key', () => {
    const s = createNoiseSchedule({ ...SD21_BASE_SCHEDULER_CONFIG, foo: 1, variance_type: 'fixed_small' });
    expect(s.unknownKeys).toEqual(['foo']);
    const bad: [string, unknown][] = [
      ['beta_schedule', 'cosine'],
      ['prediction_type', 'eps'],
      ['timestep_spacing', 'middle'],
      ['num_train_timesteps', 10.5],
      ['beta_start', -1],
      ['clip_sample', 'yes'],
      ['steps_offset', -1],
      ['set_alpha_to_one', 1],
      ['thresholding', true],
      ['trained_betas', [0.1]],
      ['clip_sample_range', 0],
    ];
    for (const [key, value] of bad) {
      expect(() => createNoiseSchedule({ [key]: value })).toThrow(InvalidArgumentError);
      expect(() => createNoiseSchedule({ [key]: value })).toThrow(`config.${key} must be`);
    }
    expect(() => createNoiseSchedule(null as never)).toThrow(InvalidArgumentError);
    expect(Object.isFrozen(SD21_BASE_SCHEDULER_CONFIG)).toBe(true);
  });
});

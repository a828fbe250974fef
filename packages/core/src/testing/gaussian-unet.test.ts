import { describe, expect, it } from 'vitest';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { createNoiseGenerator } from '../random/noise-generator.js';
import { randn } from '../random/randn.js';
import { addNoise } from '../scheduler/add-noise.js';
import { ddimInverseStep } from '../scheduler/ddim-inverse-step.js';
import { ddimStep } from '../scheduler/ddim-step.js';
import { ddimInverseTimesteps, ddimTimesteps } from '../scheduler/ddim-timesteps.js';
import { createNoiseSchedule } from '../scheduler/noise-schedule.js';
import { SD21_BASE_SCHEDULER_CONFIG } from '../scheduler/scheduler-config.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import { gaussianConditionalMean } from './gaussian-conditional-mean.js';
import { createGaussianUNet } from './gaussian-unet.js';
import { sampleGaussianPrior } from './sample-gaussian-prior.js';
import { spatialCovariance } from './spatial-covariance.js';

const schedule = createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG);
const noText = createTensor('float32', [1, 1, 1]);

/** Dense Σ of one channel, written out entry by entry from the kernel definition. */
function denseSigma(h: number, w: number, ell: number, variance: number): number[][] {
  const rows: number[][] = [];
  for (let p = 0; p < h * w; p++) {
    rows.push(
      Array.from(
        { length: h * w },
        (_, q) =>
          variance *
          Math.exp(-Math.abs(Math.floor(p / w) - Math.floor(q / w)) / ell) *
          Math.exp(-Math.abs((p % w) - (q % w)) / ell),
      ),
    );
  }
  return rows;
}

/** Solves A·x = b by Gauss–Jordan elimination with partial pivoting (plain arrays). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[piv]?.[col] ?? 0)) piv = r;
    [m[col], m[piv]] = [m[piv] ?? [], m[col] ?? []];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = (m[r]?.[col] ?? 0) / (m[col]?.[col] ?? 1);
      for (let k = col; k <= n; k++) (m[r] as number[])[k] = (m[r]?.[k] ?? 0) - f * (m[col]?.[k] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] ?? 1));
}

describe('createGaussianUNet', () => {
  it('predicts the closed-form posterior noise mean (dense float64 reference)', async () => {
    const [h, w, ell, variance] = [3, 4, 1.5, 0.7];
    const covariance = spatialCovariance({ height: h, width: w, lengthScale: ell, variance });
    const mean = createTensor(
      'float32',
      [1, 2, h, w],
      Array.from({ length: 24 }, (_, i) => Math.sin(i)),
    );
    const x = randn(createNoiseGenerator('dense'), [3, 2, h, w]);
    const sigma = denseSigma(h, w, ell, variance);
    for (const [t, predictionType] of [
      [1, 'epsilon'],
      [501, 'epsilon'],
      [901, 'v_prediction'],
      [301, 'sample'],
    ] as const) {
      const s = createNoiseSchedule({ ...SD21_BASE_SCHEDULER_CONFIG, prediction_type: predictionType });
      const out = await createGaussianUNet({ schedule: s, mean, covariance }).predict({
        sample: x,
        timestep: t,
        encoderHiddenStates: noText,
      });
      const a = Number(s.alphasCumprod[t]);
      for (let bc = 0; bc < 6; bc++) {
        const c = bc % 2;
        const xt = Array.from(x.data.slice(bc * 12, bc * 12 + 12));
        const rhs = xt.map((v, p) => v - Math.sqrt(a) * Number(mean.data[c * 12 + p]));
        const m = sigma.map((row, p) => row.map((v, q) => a * v + (p === q ? 1 - a : 0)));
        const eps = solve(m, rhs).map((v) => Math.sqrt(1 - a) * v);
        const x0 = xt.map((v, p) => (v - Math.sqrt(1 - a) * (eps[p] ?? 0)) / Math.sqrt(a));
        const expected =
          predictionType === 'epsilon'
            ? eps
            : predictionType === 'sample'
              ? x0
              : eps.map((e, p) => Math.sqrt(a) * e - Math.sqrt(1 - a) * (x0[p] ?? 0));
        expected.forEach((v, p) => void expect(out.data[bc * 12 + p]).toBeCloseTo(v, 4));
      }
    }
  });

  it('rejects samples of the wrong shape and honours the abort signal', async () => {
    const covariance = spatialCovariance({ height: 4, width: 4, lengthScale: 1 });
    const unet = createGaussianUNet({ schedule, mean: createTensor('float32', [1, 4, 4, 4]), covariance });
    expect(unet.inChannels).toBe(4);
    await expect(
      unet.predict({
        sample: createTensor('float32', [1, 3, 4, 4]),
        timestep: 1,
        encoderHiddenStates: noText,
      }),
    ).rejects.toThrow(ShapeMismatchError);
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(
      unet.predict(
        { sample: createTensor('float32', [1, 4, 4, 4]), timestep: 1, encoderHiddenStates: noText },
        { signal: controller.signal },
      ),
    ).rejects.toBe(reason);
    expect(() =>
      createGaussianUNet({ schedule, mean: createTensor('float32', [1, 4, 4, 5]), covariance }),
    ).toThrow(ShapeMismatchError);
  });
});

describe('DDIM with the analytic Gaussian model (issue 2 "Done when")', () => {
  const covariance = spatialCovariance({ height: 8, width: 8, lengthScale: 2, variance: 0.8 });
  const mean = createTensor(
    'float32',
    [1, 4, 8, 8],
    Array.from({ length: 256 }, (_, i) => 0.5 * Math.sin(i / 7)),
  );
  const unet = createGaussianUNet({ schedule, mean, covariance });

  async function sample(x: Float32Tensor, steps: number): Promise<Float32Tensor> {
    let cur = x;
    for (const t of ddimTimesteps(schedule, steps)) {
      const eps = await unet.predict({ sample: cur, timestep: t, encoderHiddenStates: noText });
      cur = ddimStep({
        schedule,
        modelOutput: eps,
        timestep: t,
        sample: cur,
        numInferenceSteps: steps,
      }).prevSample;
    }
    return cur;
  }

  it('inverts and regenerates a sample with an error that shrinks as steps grow', async () => {
    const x0 = sampleGaussianPrior({
      mean,
      covariance,
      generator: createNoiseGenerator('round-trip'),
      batch: 4,
    });
    const errors: number[] = [];
    for (const steps of [10, 25, 50, 100]) {
      let x = x0;
      for (const t of ddimInverseTimesteps(schedule, steps)) {
        const eps = await unet.predict({ sample: x, timestep: t, encoderHiddenStates: noText });
        x = ddimInverseStep({
          schedule,
          modelOutput: eps,
          timestep: t,
          sample: x,
          numInferenceSteps: steps,
        }).prevSample;
      }
      const back = await sample(x, steps);
      let se = 0;
      back.data.forEach((v, i) => {
        se += (v - Number(x0.data[i])) ** 2;
      });
      errors.push(Math.sqrt(se / back.data.length));
    }
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1] ?? 0);
    expect(errors[3]).toBeLessThan((errors[0] ?? 0) / 4);
  });

  it('samples from noise reproduce the prior mean and covariance', async () => {
    const n = 1500;
    // x_T drawn from the exact marginal at the first timestep (√ᾱ_T·μ is 0.07·μ there, mostly noise): starting
    // from pure N(0, I) would add the prior-mismatch bias that real pipelines accept, which is not DDIM's error.
    const rng = createNoiseGenerator('prior-check');
    const x0 = sampleGaussianPrior({ mean, covariance, generator: rng.fork('x0'), batch: n });
    const first = ddimTimesteps(schedule, 50)[0] ?? 0;
    const out = await sample(addNoise(schedule, x0, randn(rng.fork('noise'), x0.shape), first), 50);
    const af = schedule.finalAlphaCumprod;
    // Exact marginal at the last DDIM level: N(√af·μ, af·Σ + (1−af)·I).
    const sigma = denseSigma(8, 8, 2, 0.8).map((row, p) =>
      row.map((v, q) => af * v + (p === q ? 1 - af : 0)),
    );
    let worstZ = 0;
    let errSq = 0;
    let expectedErrSq = 0;
    let diagOnlyErrSq = 0;
    for (let c = 0; c < 4; c++) {
      const mu = Array.from({ length: 64 }, (_, p) => Math.sqrt(af) * Number(mean.data[c * 64 + p]));
      const avg = new Float64Array(64);
      for (let b = 0; b < n; b++)
        for (let p = 0; p < 64; p++) avg[p] = (avg[p] ?? 0) + Number(out.data[(b * 4 + c) * 64 + p]) / n;
      for (let p = 0; p < 64; p++)
        worstZ = Math.max(
          worstZ,
          Math.abs((avg[p] ?? 0) - (mu[p] ?? 0)) / Math.sqrt((sigma[p]?.[p] ?? 0) / n),
        );
      for (let p = 0; p < 64; p++) {
        for (let q = 0; q < 64; q++) {
          let s = 0;
          for (let b = 0; b < n; b++) {
            const base = (b * 4 + c) * 64;
            s += (Number(out.data[base + p]) - (mu[p] ?? 0)) * (Number(out.data[base + q]) - (mu[q] ?? 0));
          }
          const cov = s / n;
          const target = sigma[p]?.[q] ?? 0;
          errSq += (cov - target) ** 2;
          diagOnlyErrSq += (cov - (p === q ? target : 0)) ** 2;
          expectedErrSq += ((sigma[p]?.[p] ?? 0) * (sigma[q]?.[q] ?? 0) + target ** 2) / n;
        }
      }
    }
    // 256 per-pixel means, each a z-score under the exact law.
    expect(worstZ).toBeLessThan(4.5);
    // Sum of squared covariance errors vs its expectation under exact Gaussian sampling.
    expect(errSq).toBeLessThan(1.5 * expectedErrSq);
    // The check has power: ignoring the spatial correlation would miss by far more.
    expect(diagOnlyErrSq).toBeGreaterThan(10 * expectedErrSq);
  });
});

describe('gaussianConditionalMean', () => {
  it('matches the single-known-pixel closed form and the Markov property of the exponential kernel', () => {
    const ell = 1.7;
    const covariance = spatialCovariance({ height: 5, width: 6, lengthScale: ell, variance: 2 });
    const mean = createTensor(
      'float32',
      [1, 1, 5, 6],
      Array.from({ length: 30 }, (_, i) => i / 30),
    );
    const known = createTensor('float32', [1, 1, 5, 6], new Float32Array(30).fill(3));
    const mask = createTensor('float32', [1, 1, 5, 6]);
    mask.data[2 * 6 + 3] = 1;
    const out = gaussianConditionalMean({ mean, covariance, known, mask });
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 6; c++) {
        const rho = Math.exp(-Math.abs(r - 2) / ell) * Math.exp(-Math.abs(c - 3) / ell);
        const mu = (r * 6 + c) / 30;
        expect(out.data[r * 6 + c]).toBeCloseTo(mu + rho * (3 - 15 / 30), 5);
      }
    }
    // One row (a 1-D Ornstein–Uhlenbeck process): knowing columns 2 and 5, column 0 depends on column 2 only.
    const line = spatialCovariance({ height: 1, width: 8, lengthScale: ell });
    const lineMask = createTensor('float32', [1, 1, 1, 8], [0, 0, 1, 0, 0, 1, 0, 0]);
    const lineKnown = createTensor('float32', [1, 1, 1, 8], [0, 0, 1.5, 0, 0, -2, 0, 0]);
    const lineOut = gaussianConditionalMean({
      mean: createTensor('float32', [1, 1, 1, 8]),
      covariance: line,
      known: lineKnown,
      mask: lineMask,
    });
    expect(lineOut.data[0]).toBeCloseTo(Math.exp(-2 / ell) * 1.5, 5);
    expect(lineOut.data[7]).toBeCloseTo(Math.exp(-2 / ell) * -2, 5);
    expect(lineOut.data[2]).toBe(1.5);
  });
});

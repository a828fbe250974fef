import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { UNet, UNetInput } from '../models/roles.js';
import { throwIfAborted } from '../progress/throw-if-aborted.js';
import type { NoiseSchedule } from '../scheduler/noise-schedule.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import { factorPrior, type GaussianPrior, sandwich } from './gaussian-prior.js';

/** Settings of {@link createGaussianUNet}: the noise schedule and the Gaussian data distribution. */
export interface GaussianUNetSettings extends GaussianPrior {
  /** Schedule giving ᾱ_t for each timestep label and the prediction type to output. */
  readonly schedule: NoiseSchedule;
}

/**
 * An analytic `UNet` whose prediction is exact for Gaussian data x₀ ~ N(μ, Σ): the test model that
 * stands in for Stable Diffusion in scheduler and COW tests, with no weights. With a = ᾱ_t it returns
 * `E[ε | x_t] = √(1−a) · (aΣ + (1−a)I)⁻¹ · (x_t − √a·μ)`, converted to `v` or `x₀` when the schedule's
 * prediction type asks for it. Σ is separable (see {@link spatialCovariance}), so the inverse is applied
 * through float64 eigendecompositions of the row and column correlations, per batch item and channel.
 * `encoderHiddenStates` is ignored: the model is unconditional, so every guidance branch gives the same
 * prediction. `signal` is honoured.
 * @param settings - Schedule, mean `[1, C, h, w]` and covariance.
 * @throws ShapeMismatchError when the mean does not match the covariance; at `predict`, when the sample is
 * not `[B, C, h, w]`; InvalidArgumentError for a timestep outside the schedule.
 * @example
 * const unet = createGaussianUNet({ schedule, mean, covariance: spatialCovariance({ height: 8, width: 8, lengthScale: 2 }) });
 * const eps = await unet.predict({ sample: x, timestep: 501, encoderHiddenStates });
 */
export function createGaussianUNet(settings: GaussianUNetSettings): UNet {
  const fn = 'createGaussianUNet';
  const { schedule, mean, covariance } = settings;
  const f = factorPrior(fn, settings);
  const { channels, height: h, width: w } = f;
  const plane = h * w;
  // Eigenvalues of Σ per eigen-plane position: variance · λ_row[i] · λ_col[j] (clamped at 0).
  const sigmaEigen = new Float64Array(plane);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      sigmaEigen[i * w + j] = Math.max(
        0,
        covariance.variance * (f.rows.values[i] ?? 0) * (f.columns.values[j] ?? 0),
      );
    }
  }
  return {
    inChannels: channels,
    async predict(input: UNetInput, options?: { readonly signal?: AbortSignal }): Promise<Float32Tensor> {
      throwIfAborted(options?.signal);
      const { sample, timestep } = input;
      const [batch, c, sh, sw] = sample.shape;
      if (sample.dtype !== 'float32' || sample.shape.length !== 4 || c !== channels || sh !== h || sw !== w) {
        throw new ShapeMismatchError(
          'GaussianUNet.predict',
          'sample',
          `[B, ${channels}, ${h}, ${w}]`,
          sample.shape,
        );
      }
      if (!Number.isInteger(timestep) || timestep < 0 || timestep >= schedule.numTrainTimesteps) {
        throw new InvalidArgumentError(
          'GaussianUNet.predict',
          'timestep',
          `an integer in [0, ${schedule.numTrainTimesteps - 1}]`,
          timestep,
        );
      }
      const a = schedule.alphasCumprod[timestep] ?? Number.NaN;
      const sa = Math.sqrt(a);
      const sb = Math.sqrt(1 - a);
      const out = new Float32Array(sample.data.length);
      const y = new Float64Array(plane);
      for (let b = 0; b < (batch ?? 0); b++) {
        for (let ch = 0; ch < channels; ch++) {
          const base = (b * channels + ch) * plane;
          for (let p = 0; p < plane; p++)
            y[p] = (sample.data[base + p] ?? 0) - sa * (mean.data[ch * plane + p] ?? 0);
          const z = sandwich(f.rows.vectors, y, f.columns.vectors, h, w, true);
          for (let p = 0; p < plane; p++) z[p] = ((z[p] ?? 0) * sb) / (a * (sigmaEigen[p] ?? 0) + 1 - a);
          const eps = sandwich(f.rows.vectors, z, f.columns.vectors, h, w, false);
          for (let p = 0; p < plane; p++) {
            const e = eps[p] ?? 0;
            const xt = sample.data[base + p] ?? 0;
            if (schedule.predictionType === 'epsilon') out[base + p] = e;
            else {
              const x0 = (xt - sb * e) / sa;
              out[base + p] = schedule.predictionType === 'sample' ? x0 : sa * e - sb * x0;
            }
          }
        }
      }
      return createTensor('float32', sample.shape, out);
    },
  };
}

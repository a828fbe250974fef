import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { NoiseGenerator } from '../random/noise-generator.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import { factorPrior, type GaussianPrior, sandwich } from './gaussian-prior.js';

/** Arguments of {@link sampleGaussianPrior}. */
export interface SampleGaussianPriorArgs extends GaussianPrior {
  /** Noise source (advances by one draw per batch item and channel). */
  readonly generator: NoiseGenerator;
  /** Number of samples B (>= 1). */
  readonly batch: number;
}

/**
 * Draws exact samples x₀ ~ N(μ, Σ) of the analytic test prior, `[B, C, h, w]` float32: μ + L_r·G·L_cᵀ
 * with L = V·√Λ from the eigendecompositions and G standard normal. Use it to get "clean latents" whose
 * distribution the Gaussian UNet knows exactly.
 * @param args - Prior, generator and batch size.
 * @throws InvalidArgumentError for a bad batch size; ShapeMismatchError for a mean that does not fit.
 * @example
 * const x0 = sampleGaussianPrior({ mean, covariance, generator: createNoiseGenerator(1), batch: 4 });
 */
export function sampleGaussianPrior(args: SampleGaussianPriorArgs): Float32Tensor {
  const fn = 'sampleGaussianPrior';
  if (!Number.isInteger(args.batch) || args.batch < 1)
    throw new InvalidArgumentError(fn, 'batch', 'a positive integer', args.batch);
  const f = factorPrior(fn, args);
  const { channels, height: h, width: w } = f;
  const plane = h * w;
  const scaleRows = f.rows.vectors.map((v, k) => v * Math.sqrt(Math.max(0, f.rows.values[k % h] ?? 0)));
  const scaleCols = f.columns.vectors.map((v, k) => v * Math.sqrt(Math.max(0, f.columns.values[k % w] ?? 0)));
  const sd = Math.sqrt(args.covariance.variance);
  const out = new Float32Array(args.batch * channels * plane);
  for (let b = 0; b < args.batch; b++) {
    for (let c = 0; c < channels; c++) {
      const g = Float64Array.from(args.generator.normal(plane));
      const x = sandwich(scaleRows, g, scaleCols, h, w, false);
      const base = (b * channels + c) * plane;
      for (let p = 0; p < plane; p++) out[base + p] = (args.mean.data[c * plane + p] ?? 0) + sd * (x[p] ?? 0);
    }
  }
  return createTensor('float32', [args.batch, channels, h, w], out);
}

import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';
import type { GaussianPrior } from './gaussian-prior.js';

/** Arguments of {@link gaussianConditionalMean}. */
export interface GaussianConditionalMeanArgs extends GaussianPrior {
  /** Latents `[B, C, h, w]` whose values inside the mask are known (values outside are ignored). */
  readonly known: Float32Tensor;
  /** Which pixels are known, `[1, 1, h, w]` (or `[h, w]`); values > 0.5 count as known, for every channel. */
  readonly mask: Float32Tensor;
}

/** Cholesky factor (lower, row-major) of an n×n SPD matrix; throws when not positive definite. */
function cholesky(m: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = m[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) d -= (l[j * n + k] ?? 0) ** 2;
    if (!(d > 0)) {
      throw new InvalidArgumentError(
        'gaussianConditionalMean',
        'covariance',
        'positive definite on the known pixels (try the exponential kernel)',
        d,
      );
    }
    const djj = Math.sqrt(d);
    l[j * n + j] = djj;
    for (let i = j + 1; i < n; i++) {
      let s = m[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      l[i * n + j] = s / djj;
    }
  }
  return l;
}

/**
 * The exact conditional mean of the analytic prior given the known region:
 * `E[x_out | x_in] = μ_out + Σ_out,in · Σ_in,in⁻¹ · (x_in − μ_in)`, per batch item and channel, with the known
 * values copied inside the mask. COW tests use it as ground truth for how a condition region should
 * inform the rest of the latent. Float64 Cholesky; intended for small latents (≤ 16×16).
 * @param args - Prior, known latents and mask.
 * @throws ShapeMismatchError for shapes that do not fit the prior; InvalidArgumentError when the mask is
 * empty or the covariance restricted to it is singular.
 * @example
 * const expected = gaussianConditionalMean({ mean, covariance, known: x0, mask });
 */
export function gaussianConditionalMean(args: GaussianConditionalMeanArgs): Float32Tensor {
  const fn = 'gaussianConditionalMean';
  const { mean, covariance: cov, known, mask } = args;
  const h = cov.height;
  const w = cov.width;
  const plane = h * w;
  const channels = mean.shape[1] ?? 0;
  if (mean.shape.length !== 4 || mean.shape[0] !== 1 || mean.shape[2] !== h || mean.shape[3] !== w) {
    throw new ShapeMismatchError(fn, 'mean', `[1, C, ${h}, ${w}]`, mean.shape);
  }
  const [batch, kc, kh, kw] = known.shape;
  if (known.shape.length !== 4 || kc !== channels || kh !== h || kw !== w) {
    throw new ShapeMismatchError(fn, 'known', `[B, ${channels}, ${h}, ${w}]`, known.shape);
  }
  if (
    mask.data.length !== plane ||
    mask.shape.slice(-2).join() !== `${h},${w}` ||
    mask.shape.slice(0, -2).some((d) => d !== 1)
  ) {
    throw new ShapeMismatchError(fn, 'mask', `[1, 1, ${h}, ${w}]`, mask.shape);
  }
  const inside: number[] = [];
  const outside: number[] = [];
  for (let p = 0; p < plane; p++) ((mask.data[p] ?? 0) > 0.5 ? inside : outside).push(p);
  if (inside.length === 0)
    throw new InvalidArgumentError(fn, 'mask', 'non-empty (at least one known pixel)', 'all zeros');
  // The variance cancels in Σ_oi Σ_ii⁻¹, so correlations suffice.
  const corr = (p: number, q: number) =>
    (cov.rows[Math.floor(p / w) * h + Math.floor(q / w)] ?? 0) * (cov.columns[(p % w) * w + (q % w)] ?? 0);
  const n = inside.length;
  const kii = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) kii[i * n + j] = corr(inside[i] ?? 0, inside[j] ?? 0);
  }
  const l = cholesky(kii, n);
  const out = Float32Array.from(known.data);
  const r = new Float64Array(n);
  for (let b = 0; b < (batch ?? 0); b++) {
    for (let c = 0; c < channels; c++) {
      const base = (b * channels + c) * plane;
      inside.forEach((p, i) => {
        r[i] = (known.data[base + p] ?? 0) - (mean.data[c * plane + p] ?? 0);
      });
      // Solve K_ii·α = r by forward then backward substitution.
      for (let i = 0; i < n; i++) {
        let s = r[i] ?? 0;
        for (let k = 0; k < i; k++) s -= (l[i * n + k] ?? 0) * (r[k] ?? 0);
        r[i] = s / (l[i * n + i] ?? 1);
      }
      for (let i = n - 1; i >= 0; i--) {
        let s = r[i] ?? 0;
        for (let k = i + 1; k < n; k++) s -= (l[k * n + i] ?? 0) * (r[k] ?? 0);
        r[i] = s / (l[i * n + i] ?? 1);
      }
      for (const p of outside) {
        let s = mean.data[c * plane + p] ?? 0;
        inside.forEach((q, i) => {
          s += corr(p, q) * (r[i] ?? 0);
        });
        out[base + p] = s;
      }
    }
  }
  return createTensor('float32', known.shape, out);
}

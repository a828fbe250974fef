import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Correlation kernels over pixel distance d (in latent pixels) with length scale ℓ. */
export type SpatialKernel = 'exponential' | 'squaredExponential';

/**
 * A separable spatial covariance for `[C, height, width]` latents: channels independent and identically
 * distributed, `Cov(x[c, r, k], x[c, r', k']) = variance · rows[r, r'] · columns[k, k']`.
 */
export interface SpatialCovariance {
  /** Latent height h. */
  readonly height: number;
  /** Latent width w. */
  readonly width: number;
  /** Marginal variance of every latent value. */
  readonly variance: number;
  /** Row correlation matrix, row-major h×h, unit diagonal. */
  readonly rows: Float64Array;
  /** Column correlation matrix, row-major w×w, unit diagonal. */
  readonly columns: Float64Array;
}

/** Settings of {@link spatialCovariance}. */
export interface SpatialCovarianceSettings {
  /** Latent height h (>= 1). */
  readonly height: number;
  /** Latent width w (>= 1). */
  readonly width: number;
  /** Correlation length ℓ in latent pixels (> 0). */
  readonly lengthScale: number;
  /** Marginal variance (> 0). Default 1. */
  readonly variance?: number;
  /**
   * `exponential`: ρ(d) = exp(−|d|/ℓ), a Markov (Ornstein–Uhlenbeck) field, well conditioned.
   * `squaredExponential`: ρ(d) = exp(−d²/(2ℓ²)), smoother, ill-conditioned for large ℓ. Default `exponential`.
   */
  readonly kernel?: SpatialKernel;
}

function correlation(n: number, lengthScale: number, kernel: SpatialKernel): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = Math.abs(i - j);
      m[i * n + j] =
        kernel === 'exponential' ? Math.exp(-d / lengthScale) : Math.exp(-(d * d) / (2 * lengthScale ** 2));
    }
  }
  return m;
}

/**
 * Builds a spatially correlated covariance for the analytic Gaussian test model: separable over rows and
 * columns, so information spreads from one region of the latent to its neighbours (what COW relies on).
 * @param settings - Size, length scale, variance and kernel.
 * @throws InvalidArgumentError for non-positive sizes, length scale or variance.
 * @example
 * const covariance = spatialCovariance({ height: 8, width: 8, lengthScale: 2, variance: 0.8 });
 */
export function spatialCovariance(settings: SpatialCovarianceSettings): SpatialCovariance {
  const fn = 'spatialCovariance';
  const { height, width, lengthScale } = settings;
  const variance = settings.variance ?? 1;
  const kernel = settings.kernel ?? 'exponential';
  if (!Number.isInteger(height) || height < 1)
    throw new InvalidArgumentError(fn, 'height', 'a positive integer', height);
  if (!Number.isInteger(width) || width < 1)
    throw new InvalidArgumentError(fn, 'width', 'a positive integer', width);
  if (!(lengthScale > 0) || !Number.isFinite(lengthScale)) {
    throw new InvalidArgumentError(fn, 'lengthScale', 'a positive number', lengthScale);
  }
  if (!(variance > 0) || !Number.isFinite(variance))
    throw new InvalidArgumentError(fn, 'variance', 'a positive number', variance);
  if (kernel !== 'exponential' && kernel !== 'squaredExponential') {
    throw new InvalidArgumentError(fn, 'kernel', "'exponential' or 'squaredExponential'", kernel);
  }
  return {
    height,
    width,
    variance,
    rows: correlation(height, lengthScale, kernel),
    columns: correlation(width, lengthScale, kernel),
  };
}

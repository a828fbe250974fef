import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import type { Float32Tensor } from '../tensor/tensor.js';
import type { SpatialCovariance } from './spatial-covariance.js';
import { type SymmetricEigen, symmetricEigen } from './symmetric-eigen.js';

/** A Gaussian data distribution N(mean, Σ) over `[1, C, h, w]` latents. */
export interface GaussianPrior {
  /** Mean μ, shaped `[1, C, h, w]`. */
  readonly mean: Float32Tensor;
  /** Covariance Σ, separable over rows and columns, identical and independent per channel. */
  readonly covariance: SpatialCovariance;
}

/** Eigen-factors of a prior, shared by the functions of this folder. */
export interface PriorFactors {
  /** Channels C. */
  readonly channels: number;
  /** Height h. */
  readonly height: number;
  /** Width w. */
  readonly width: number;
  /** Eigendecomposition of the row correlation. */
  readonly rows: SymmetricEigen;
  /** Eigendecomposition of the column correlation. */
  readonly columns: SymmetricEigen;
}

/** Validates a prior and factors its covariance. */
export function factorPrior(fn: string, prior: GaussianPrior): PriorFactors {
  const { mean, covariance } = prior;
  if (mean?.dtype !== 'float32') throw new InvalidArgumentError(fn, 'mean', 'a float32 tensor', mean?.dtype);
  const [one, channels, height, width] = mean.shape;
  if (
    mean.shape.length !== 4 ||
    one !== 1 ||
    height !== covariance.height ||
    width !== covariance.width ||
    channels === undefined ||
    channels < 1
  ) {
    throw new ShapeMismatchError(fn, 'mean', `[1, C, ${covariance.height}, ${covariance.width}]`, mean.shape);
  }
  return {
    channels,
    height,
    width,
    rows: symmetricEigen(covariance.rows, height),
    columns: symmetricEigen(covariance.columns, width),
  };
}

/**
 * `out = A · X · Bᵀ` (or with transposes) for one h×w plane, with A h×h and B w×w row-major; `transpose`
 * selects `Aᵀ · X · B`.
 */
export function sandwich(
  a: Float64Array,
  x: Float64Array,
  b: Float64Array,
  h: number,
  w: number,
  transpose: boolean,
): Float64Array {
  const tmp = new Float64Array(h * w);
  for (let i = 0; i < h; i++) {
    for (let k = 0; k < h; k++) {
      const aik = transpose ? (a[k * h + i] ?? 0) : (a[i * h + k] ?? 0);
      if (aik === 0) continue;
      for (let j = 0; j < w; j++) tmp[i * w + j] = (tmp[i * w + j] ?? 0) + aik * (x[k * w + j] ?? 0);
    }
  }
  const out = new Float64Array(h * w);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      let s = 0;
      for (let k = 0; k < w; k++)
        s += (tmp[i * w + k] ?? 0) * (transpose ? (b[k * w + j] ?? 0) : (b[j * w + k] ?? 0));
      out[i * w + j] = s;
    }
  }
  return out;
}

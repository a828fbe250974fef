/** Eigendecomposition of a real symmetric matrix: `A = V · diag(values) · Vᵀ`. */
export interface SymmetricEigen {
  /** Matrix size n. */
  readonly size: number;
  /** Eigenvalues (unordered). */
  readonly values: Float64Array;
  /** Row-major n×n matrix whose column k is the unit eigenvector of `values[k]`. */
  readonly vectors: Float64Array;
}

/**
 * Cyclic Jacobi eigenvalue algorithm in float64 for small symmetric matrices (n up to ~64): rotations
 * zero the off-diagonal until it is negligible. Accurate to a few ulps of the largest eigenvalue.
 * @param matrix - Row-major n×n symmetric matrix (not modified).
 * @param size - n.
 */
export function symmetricEigen(matrix: ArrayLike<number>, size: number): SymmetricEigen {
  const n = size;
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const at = (i: number, j: number) => a[i * n + j] ?? 0;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += at(i, i) ** 2;
      for (let j = i + 1; j < n; j++) off += at(i, j) ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (apq === 0) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] ?? 0;
          const vkq = v[k * n + q] ?? 0;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = at(i, i);
  return { size: n, values, vectors: v };
}

/*
 * Single-precision natural logarithm, sine and cosine after Cephes' `logf`/`sinf`/`cosf` in the
 * 8-lane form of Julien Pommier's sse_mathfun / Giovanni Garberoglio's avx_mathfun, which PyTorch's
 * AVX2 kernel for `torch.randn` uses. Every operation is rounded to float32 (`Math.fround`) in the
 * order the vector code performs it, and where the compiled kernel fuses a multiply and an add into
 * one FMA (GCC contracts them in PyTorch's x86-64 builds) the sum is rounded once, so the results are
 * the same bits: which pairs are fused was established against `torch.randn` output of Debian's
 * PyTorch 1.13.1 (AVX2), bit for bit on every value of the recordings. Only the domain `randn` needs is
 * handled: logarithms of (0, 1] and angles in [0, 2π).
 */

const f = Math.fround;
const SQRTHF = f(Math.SQRT1_2);
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f);
const LOG_Q1 = f(-2.1219444e-4);
const LOG_Q2 = f(0.693359375);

/** Fused multiply-add rounded once to float32 (the product of two float32 values is exact in a double). */
function fma(a: number, b: number, c: number): number {
  return f(a * b + c);
}

const bits = new DataView(new ArrayBuffer(4));

/**
 * `ln x` for a positive normal float32 `x`, as Cephes `logf`: `x = m·2^e` with m in [0.5, 1), moved to
 * [√½, √2) by one doubling, then `ln(1 + y) ≈ y - y²/2 + y³·P(y)` and `e·ln 2` in two parts.
 * @internal
 */
export function logCephesF32(x: number): number {
  bits.setFloat32(0, x);
  const word = bits.getUint32(0);
  let e = f((word >>> 23) - 0x7f + 1);
  bits.setUint32(0, (word & ~0x7f800000) | 0x3f000000);
  let m = bits.getFloat32(0);
  if (m < SQRTHF) {
    e = f(e - 1);
    m = f(f(m - 1) + m);
  } else {
    m = f(m - 1);
  }
  const z = f(m * m);
  let y = LOG_P[0] ?? 0;
  for (let i = 1; i < LOG_P.length; i++) y = fma(y, m, LOG_P[i] ?? 0);
  y = fma(f(y * m), z, f(e * LOG_Q1));
  y = f(y - f(z * 0.5));
  return f(f(m + y) + f(e * LOG_Q2));
}

const FOPI = f(1.27323954473516);
const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853516e-4);
const DP3 = f(-3.774894977445941e-8);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f);

/**
 * Sine and cosine of a non-negative float32 angle, as Cephes `sinf`/`cosf`: `j` = the octant rounded
 * up to even, `x - j·π/4` in three float32 parts, a cosine polynomial and a sine polynomial on
 * [-π/4, π/4], selected and signed by `j`. Writes `[sin, cos]` into `out`.
 * @internal
 */
export function sinCosCephesF32(angle: number, out: Float64Array): Float64Array {
  let j = Math.trunc(f(angle * FOPI));
  j = (j + 1) & ~1;
  const y = f(j);
  const x = fma(y, DP3, fma(y, DP2, fma(y, DP1, angle)));
  const z = f(x * x);
  let c = COS_P[0] ?? 0;
  c = fma(c, z, COS_P[1] ?? 0);
  c = fma(c, z, COS_P[2] ?? 0);
  c = f(fma(f(c * z), z, -f(z * 0.5)) + 1);
  let s = SIN_P[0] ?? 0;
  s = fma(s, z, SIN_P[1] ?? 0);
  s = fma(s, z, SIN_P[2] ?? 0);
  s = fma(f(s * z), x, x);
  const swap = (j & 2) !== 0;
  const sinNegative = (j & 4) !== 0;
  const cosNegative = ((j - 2) & 4) === 0;
  const sin = swap ? c : s;
  const cos = swap ? s : c;
  out[0] = sinNegative ? -sin : sin;
  out[1] = cosNegative ? -cos : cos;
  return out;
}

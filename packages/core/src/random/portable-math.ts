/*
 * Logarithm, sine and cosine built only from IEEE 754 +, -, *, / (correctly rounded everywhere), so
 * Gaussian noise is bit-identical across JavaScript engines, whose Math.log/sin/cos may differ in the
 * last bit. Polynomials and constants are those of Sun's fdlibm (e_log.c, k_sin.c, k_cos.c).
 */

const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const LG1 = 0.6666666666666735;
const LG2 = 0.3999999999940942;
const LG3 = 0.2857142874366239;
const LG4 = 0.22222198432149784;
const LG5 = 0.1818357216161805;
const LG6 = 0.15313837699209373;
const LG7 = 0.14798198605116586;
const SQRT2 = Math.SQRT2;

/**
 * Natural logarithm of `(w + 0.5) / 2^32` for a uint32 `w`: the open-interval uniform that Box–Muller
 * needs, without ever forming 0. Range reduction is exact (powers of two); fdlibm's `log1p` core does
 * the rest, with an error below one unit in the last place of a double.
 * @param w - A uint32.
 */
export function logUniform32(w: number): number {
  // (w + 0.5) = 2^k * x, x in [sqrt(2)/2, sqrt(2)); w + 0.5 is exact in a double.
  let k = w === 0 ? -1 : 31 - Math.clz32(w);
  let x = (w + 0.5) / 2 ** k;
  if (x > SQRT2) {
    x /= 2;
    k += 1;
  }
  const f = x - 1;
  const s = f / (2 + f);
  const z = s * s;
  const ww = z * z;
  const t1 = ww * (LG2 + ww * (LG4 + ww * LG6));
  const t2 = z * (LG1 + ww * (LG3 + ww * (LG5 + ww * LG7)));
  const r = t2 + t1;
  const dk = k - 32;
  const hfsq = 0.5 * f * f;
  return dk * LN2_HI - (hfsq - (s * (hfsq + r) + dk * LN2_LO) - f);
}

const S1 = -0.16666666666666632;
const S2 = 0.00833333333332249;
const S3 = -0.0001984126982985795;
const S4 = 0.0000027557313707070068;
const S5 = -2.5050760253406863e-8;
const S6 = 1.58969099521155e-10;
const C1 = 0.0416666666666666;
const C2 = -0.001388888888887411;
const C3 = 0.00002480158728947673;
const C4 = -2.7557314351390663e-7;
const C5 = 2.087572321298175e-9;
const C6 = -1.1359647557788195e-11;
const HALF_PI = Math.PI / 2;

/**
 * Sine and cosine of `2π·v` for `v` in [0, 1), written into `out` as `[sin, cos]`. The reduction to a
 * quarter turn is exact because `4v` is exact in binary; the kernels are fdlibm's on [-π/4, π/4].
 * @param v - A fraction of a full turn.
 * @param out - Receives `[sin, cos]`.
 */
export function sinCosTurns(v: number, out: Float64Array): Float64Array {
  const q = v * 4;
  const n = Math.round(q);
  const x = (q - n) * HALF_PI;
  const z = x * x;
  const sin = x + z * x * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
  const cos = 1 - (0.5 * z - z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6))))));
  switch (n & 3) {
    case 0:
      out[0] = sin;
      out[1] = cos;
      break;
    case 1:
      out[0] = cos;
      out[1] = -sin;
      break;
    case 2:
      out[0] = -sin;
      out[1] = -cos;
      break;
    default:
      out[0] = -cos;
      out[1] = sin;
  }
  return out;
}

import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Rounds one float32 (given as its bits) to the nearest IEEE half, ties to even. */
function halfFromFloatBits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | (mant === 0 ? 0x7c00 : 0x7e00);
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    let half = m >>> shift;
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++; // a carry may reach infinity: correct
  return sign | half;
}

/**
 * Converts float32 values to IEEE 754 half-precision bit patterns, rounding to nearest with ties to
 * even; overflow becomes infinity, tiny values become subnormals or signed zero, NaN stays NaN. Use it
 * to feed fp16 model inputs (ONNX Runtime stores float16 tensors as `Uint16Array`).
 * @example
 * float32ToFloat16(new Float32Array([1, 65504])); // Uint16Array [0x3c00, 0x7bff]
 */
export function float32ToFloat16(values: Float32Array): Uint16Array {
  if (!(values instanceof Float32Array)) {
    throw new InvalidArgumentError('float32ToFloat16', 'values', 'a Float32Array', values);
  }
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i]!;
    out[i] = halfFromFloatBits(u32[0]!);
  }
  return out;
}

/**
 * Converts IEEE 754 half-precision bit patterns to float32 values (exact: every half is a float32);
 * use it to read fp16 model outputs.
 * @example
 * float16ToFloat32(new Uint16Array([0x3c00, 0x0001])); // Float32Array [1, 2 ** -24]
 */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  if (!(bits instanceof Uint16Array)) {
    throw new InvalidArgumentError('float16ToFloat32', 'bits', 'a Uint16Array', bits);
  }
  const out = new Float32Array(bits.length);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const sign = (h & 0x8000) << 16;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0x1f) {
      outBits[i] = sign | 0x7f800000 | (mant << 13);
    } else if (exp !== 0) {
      outBits[i] = sign | ((exp + 112) << 23) | (mant << 13);
    } else {
      out[i] = (sign !== 0 ? -mant : mant) * 2 ** -24; // signed zero or subnormal, exact in float32
    }
  }
  return out;
}

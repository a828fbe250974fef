import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { float16ToFloat32, float32ToFloat16 } from './float16.js';

const toHalf = (v: number) => float32ToFloat16(new Float32Array([v]))[0];
const fromHalf = (h: number) => float16ToFloat32(new Uint16Array([h]))[0];
const ULP_SUB = 2 ** -24; // smallest subnormal half

describe('float32ToFloat16', () => {
  it('encodes IEEE 754 binary16 reference bit patterns', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.5, 0x3800],
      [65504, 0x7bff], // largest finite half
      [2 ** -14, 0x0400], // smallest normal
      [ULP_SUB, 0x0001], // smallest subnormal
      [1023 * ULP_SUB, 0x03ff], // largest subnormal
      [1 / 3, 0x3555],
      [0.1, 0x2e66],
      [Number.POSITIVE_INFINITY, 0x7c00],
      [Number.NEGATIVE_INFINITY, 0xfc00],
    ];
    for (const [v, bits] of cases) expect([v, toHalf(v)]).toEqual([v, bits]);
  });

  it('rounds to nearest with ties to even', () => {
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00); // tie between 0x3c00 and 0x3c01 -> even 0x3c00
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie between 0x3c01 and 0x3c02 -> even 0x3c02
    expect(toHalf(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above the tie
    expect(toHalf(0.5 * ULP_SUB)).toBe(0x0000); // tie between 0 and the smallest subnormal
    expect(toHalf(1.5 * ULP_SUB)).toBe(0x0002);
    expect(toHalf(2.5 * ULP_SUB)).toBe(0x0002);
    expect(toHalf(0.25 * ULP_SUB)).toBe(0x0000);
    expect(toHalf(-0.75 * ULP_SUB)).toBe(0x8001);
    expect(toHalf(65519)).toBe(0x7bff); // below the midpoint to 2^16
    expect(toHalf(65520)).toBe(0x7c00); // the midpoint rounds to even: infinity
    expect(toHalf(1e10)).toBe(0x7c00);
  });

  it('keeps NaN a NaN', () => {
    const h = toHalf(Number.NaN)!;
    expect(h & 0x7c00).toBe(0x7c00);
    expect(h & 0x03ff).not.toBe(0);
  });

  it('matches a brute-force nearest-half search on random floats', () => {
    // Independent reference: all finite non-negative halves in increasing order, decoded by formula.
    const values: number[] = [];
    for (let h = 0; h < 0x7c00; h++) {
      const e = h >> 10;
      const m = h & 0x3ff;
      values.push(e === 0 ? m * ULP_SUB : (1 + m / 1024) * 2 ** (e - 15));
    }
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 3000; k++) {
      const v = Math.fround(2 ** (rand() * 44 - 28) * (rand() < 0.5 ? -1 : 1));
      const a = Math.abs(v);
      let lo = 0;
      let hi = values.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (values[mid]! <= a) lo = mid;
        else hi = mid;
      }
      let best: number;
      if (a >= 65520) best = 0x7c00;
      else if (a >= values[hi]!) best = hi;
      else {
        const dLo = a - values[lo]!;
        const dHi = values[hi]! - a;
        best = dLo < dHi ? lo : dHi < dLo ? hi : lo % 2 === 0 ? lo : hi;
      }
      expect([v, toHalf(v)]).toEqual([v, best | (v < 0 ? 0x8000 : 0)]);
    }
  });

  it('rejects other arrays', () => {
    expect(() => float32ToFloat16([1] as never)).toThrow(InvalidArgumentError);
  });
});

describe('float16ToFloat32', () => {
  it('decodes reference bit patterns exactly', () => {
    expect(fromHalf(0x3c00)).toBe(1);
    expect(fromHalf(0xc000)).toBe(-2);
    expect(fromHalf(0x7bff)).toBe(65504);
    expect(fromHalf(0x0001)).toBe(2 ** -24);
    expect(fromHalf(0x03ff)).toBe(1023 * 2 ** -24);
    expect(fromHalf(0x0400)).toBe(2 ** -14);
    expect(fromHalf(0x3555)).toBe(0.333251953125);
    expect(Object.is(fromHalf(0x8000), -0)).toBe(true);
    expect(fromHalf(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(fromHalf(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(fromHalf(0x7e00)).toBeNaN();
  });

  it('round-trips every non-NaN half bit pattern', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const back = float32ToFloat16(float16ToFloat32(all));
    for (let i = 0; i < 65536; i++) {
      const nan = (i & 0x7c00) === 0x7c00 && (i & 0x3ff) !== 0;
      if (!nan && back[i] !== i) expect([i, back[i]]).toEqual([i, i]);
    }
  });
});

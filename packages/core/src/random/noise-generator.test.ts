import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createNoiseGenerator } from './noise-generator.js';
import { philox4x32x10 } from './philox.js';
import { randn } from './randn.js';

// ---- An independent reference written in a different style: BigInt arithmetic, Math.* functions. ----
const U32 = 0xffffffffn;
function refPhilox(ctr: readonly bigint[], key: readonly bigint[]): bigint[] {
  let [a, b, c, d] = ctr as [bigint, bigint, bigint, bigint];
  let [k, l] = key as [bigint, bigint];
  for (let r = 0; r < 10; r++) {
    const p0 = 0xd2511f53n * a;
    const p1 = 0xcd9e8d57n * c;
    [a, b, c, d] = [(p1 >> 32n) ^ b ^ k, p1 & U32, (p0 >> 32n) ^ d ^ l, p0 & U32];
    k = (k + 0x9e3779b9n) & U32;
    l = (l + 0xbb67ae85n) & U32;
  }
  return [a, b, c, d];
}
function refFnv(text: string): bigint {
  let h = 14695981039346656037n;
  for (const unit of Array.from(text, (ch) => ch.charCodeAt(0))) {
    for (const byte of [unit % 256, Math.floor(unit / 256)]) {
      h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 1099511628211n);
    }
  }
  return h;
}
function refKey(seed: bigint): bigint[] {
  return [seed & U32, seed >> 32n];
}
function refForkKey(key: readonly bigint[], name: string): bigint[] {
  const h = refFnv(name);
  return refPhilox([h & U32, h >> 32n, U32, U32], key).slice(0, 2);
}
function refNormals(key: readonly bigint[], count: number): number[] {
  const out: number[] = [];
  for (let block = 0n; out.length < count; block++) {
    const w = refPhilox([block & U32, block >> 32n, 0n, 0n], key).map(Number);
    for (const [u, v] of [
      [w[0], w[1]],
      [w[2], w[3]],
    ] as [number, number][]) {
      const r = Math.sqrt(-2 * Math.log((u + 0.5) / 2 ** 32));
      const theta = 2 * Math.PI * ((v + 0.5) / 2 ** 32);
      out.push(Math.fround(r * Math.cos(theta)), Math.fround(r * Math.sin(theta)));
    }
  }
  return out.slice(0, count);
}

describe('philox4x32x10', () => {
  it('reproduces the Random123 known-answer vectors (kat_vectors)', () => {
    const out = new Uint32Array(4);
    expect([...philox4x32x10([0, 0, 0, 0], [0, 0], out)]).toEqual([
      0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8,
    ]);
    expect([...philox4x32x10([U32, U32, U32, U32].map(Number), [0xffffffff, 0xffffffff], out)]).toEqual([
      0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd,
    ]);
    expect([
      ...philox4x32x10([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], out),
    ]).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it('matches the BigInt reference on random inputs', () => {
    const out = new Uint32Array(4);
    for (let i = 0; i < 50; i++) {
      const words = Array.from({ length: 6 }, (_, j) => (Math.imul(i * 7 + j, 0x9e3779b1) ^ (j << 29)) >>> 0);
      const ref = refPhilox(words.slice(0, 4).map(BigInt), words.slice(4).map(BigInt)).map(Number);
      expect([...philox4x32x10(words.slice(0, 4), words.slice(4), out)]).toEqual(ref);
    }
  });
});

describe('createNoiseGenerator', () => {
  it('gives the checked-in test vector for seed 42', () => {
    // Computed by the BigInt/Math.* reference above (refNormals(refKey(42n), 8)).
    const vector = [
      -0.9701898097991943, 0.19401895999908447, -1.2356207370758057, 1.9239267110824585, -0.07318150997161865,
      0.13913749158382416, -1.106665015220642, 0.3266829550266266,
    ];
    expect(refNormals(refKey(42n), 8)).toEqual(vector);
    const got = Array.from(createNoiseGenerator(42).normal(8));
    got.forEach((v, i) => void expect(v).toBeCloseTo(vector[i] ?? Number.NaN, 6));
  });

  it('matches the independent reference for many values, seeds and forks', () => {
    for (const seed of [0n, 42n, 2n ** 63n + 12345n]) {
      const ref = refNormals(refKey(seed), 4000);
      const got = createNoiseGenerator(seed).normal(4000);
      let maxErr = 0;
      ref.forEach((v, i) => {
        maxErr = Math.max(maxErr, Math.abs(v - (got[i] ?? 0)));
      });
      expect(maxErr).toBeLessThan(2e-6);
    }
    const forkRef = refNormals(refForkKey(refForkKey(refKey(7n), 'cycles'), 'step-3'), 64);
    const forkGot = createNoiseGenerator(7).fork('cycles').fork('step-3').normal(64);
    forkRef.forEach((v, i) => void expect(forkGot[i]).toBeCloseTo(v, 5));
    const strRef = refNormals(refKey(refFnv('hello world')), 16);
    const strGot = createNoiseGenerator('hello world').normal(16);
    strRef.forEach((v, i) => void expect(strGot[i]).toBeCloseTo(v, 5));
  });

  it('gives uniforms on the documented 2^-23 grid, exactly', () => {
    const key = refKey(42n);
    const got = createNoiseGenerator(42).uniform(8);
    const words = [...refPhilox([0n, 0n, 0n, 0n], key), ...refPhilox([1n, 0n, 0n, 0n], key)].map(Number);
    words.forEach((w, i) => void expect(got[i]).toBe((Math.floor(w / 512) + 0.5) / 2 ** 23));
  });

  it('is deterministic and keeps whole blocks per call', () => {
    const a = createNoiseGenerator(123);
    const b = createNoiseGenerator('123');
    expect(b.seed).toBe('123');
    expect(a.normal(100)).toEqual(b.normal(100));
    const c = createNoiseGenerator(5);
    const joined = [...c.normal(4), ...c.normal(4)];
    expect(joined).toEqual([...createNoiseGenerator(5).normal(8)]);
    expect(createNoiseGenerator(createNoiseGenerator(99n).seed).normal(9)).toEqual(
      createNoiseGenerator(99).normal(9),
    );
  });

  it('forks by name, independently of prior draws', () => {
    const g = createNoiseGenerator(42);
    const before = g.fork('noise').normal(16);
    g.normal(1000);
    expect(g.fork('noise').normal(16)).toEqual(before);
    expect(g.fork('noise').seed).toBe('42/noise');
    expect(g.fork('other').normal(16)).not.toEqual(before);
  });

  it('gives uncorrelated named streams and parent/child streams', () => {
    const n = 20000;
    const g = createNoiseGenerator(2024);
    const streams = [
      g.fork('a').normal(n),
      g.fork('b').normal(n),
      g.normal(n),
      createNoiseGenerator(2025).normal(n),
    ];
    // Under independence the sample correlation has standard deviation 1/sqrt(n) ≈ 0.007.
    for (let i = 0; i < streams.length; i++) {
      for (let j = i + 1; j < streams.length; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += (streams[i]?.[k] ?? 0) * (streams[j]?.[k] ?? 0);
        expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
      }
    }
  });

  it('has the moments of N(0, 1) and of U(0, 1)', () => {
    const n = 200_000;
    const z = createNoiseGenerator('moments').normal(n);
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    let tail = 0;
    for (const v of z) {
      m1 += v;
      m2 += v * v;
      m3 += v ** 3;
      m4 += v ** 4;
      if (Math.abs(v) > 1.959964) tail += 1;
    }
    // Standard errors: mean 1/sqrt(n), E z^2 sqrt(2/n), E z^3 sqrt(15/n), E z^4 sqrt(96/n).
    expect(Math.abs(m1 / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m3 / n)).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
    expect(Math.abs(tail / n - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / n));
    const u = createNoiseGenerator('moments').uniform(n);
    let s = 0;
    let s2 = 0;
    for (const v of u) {
      expect(v > 0 && v < 1).toBe(true);
      s += v;
      s2 += v * v;
    }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(5 * Math.sqrt(4 / 45 / n));
  });

  it('rejects invalid seeds, counts and names', () => {
    for (const bad of [-1, 1.5, Number.NaN, '', -1n, 2n ** 64n]) {
      expect(() => createNoiseGenerator(bad as number)).toThrow(InvalidArgumentError);
    }
    expect(() => createNoiseGenerator(1).normal(-1)).toThrow(/count must be a non-negative integer/);
    expect(() => createNoiseGenerator(1).fork('')).toThrow(InvalidArgumentError);
  });
});

describe('randn', () => {
  it('fills a float32 tensor of the given shape from the generator', () => {
    const t = randn(createNoiseGenerator(42), [1, 2, 2, 2]);
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([1, 2, 2, 2]);
    expect(t.data).toEqual(createNoiseGenerator(42).normal(8));
    expect(() => randn(createNoiseGenerator(1), [2, -1])).toThrow(InvalidArgumentError);
  });
});

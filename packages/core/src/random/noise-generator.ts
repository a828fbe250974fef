import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { philox4x32x10 } from './philox.js';
import { logUniform32, sinCosTurns } from './portable-math.js';
import { fnv1a64, seedKey, splitWords } from './seed-key.js';

/**
 * A seeded source of noise: standard normal and uniform float32 values from one reproducible stream,
 * and named sub-streams split from it. Pass one explicitly wherever randomness is needed; there is no
 * global generator. Generators are mutable (they advance); forks are not affected by draws.
 *
 * Two implementations: {@link createNoiseGenerator} (Philox, the default everywhere) and
 * `createTorchCpuGenerator` (PyTorch's CPU generator, for reproducing Python runs). With Philox each
 * call starts on a fresh 128-bit block and uses `ceil(count / 4)` blocks, so values depend on the
 * sequence of counts: `normal(8)` equals `normal(4)` followed by `normal(4)`, but `normal(3)` twice
 * is not `normal(6)`; PyTorch's generator has its own rules (see `createTorchCpuGenerator`).
 */
export interface NoiseGenerator {
  /**
   * Label of the stream: the seed in canonical form (an integer seed as decimal digits), followed by
   * `/name` for every {@link NoiseGenerator.fork}. Passing a root generator's label back to
   * {@link createNoiseGenerator} reproduces it.
   */
  readonly seed: string;
  /** Draws `count` independent N(0, 1) values (Box–Muller over the generator's uniform output). */
  normal(count: number): Float32Array;
  /**
   * Draws `count` independent uniform values in [0, 1): with Philox `(k + 0.5) / 2^23`, never 0; with
   * the PyTorch generator `torch.rand`'s `k / 2^24`.
   */
  uniform(count: number): Float32Array;
  /**
   * Returns the independent stream named `name`. The same seed and name always give the same stream,
   * whatever was drawn from this generator before; different names give unrelated streams.
   */
  fork(name: string): NoiseGenerator;
}

const TWO_POW_32 = 2 ** 32;
const TWO_POW_24 = 2 ** 24;

class PhiloxNoiseGenerator implements NoiseGenerator {
  readonly seed: string;
  readonly #key: readonly [number, number];
  #block = 0;
  readonly #counter = new Uint32Array(4);
  readonly #words = new Uint32Array(4);

  constructor(seed: string, key: readonly [number, number]) {
    this.seed = seed;
    this.#key = key;
  }

  /** Fills `#words` with the next block and advances the block counter. */
  #nextBlock(): Uint32Array {
    this.#counter[0] = this.#block % TWO_POW_32;
    this.#counter[1] = Math.floor(this.#block / TWO_POW_32);
    this.#block += 1;
    return philox4x32x10(this.#counter, this.#key, this.#words);
  }

  normal(count: number): Float32Array {
    checkCount('NoiseGenerator.normal', count);
    const out = new Float32Array(count);
    const sc = new Float64Array(2);
    for (let i = 0; i < count; i += 4) {
      const w = this.#nextBlock();
      for (let pair = 0; pair < 2; pair++) {
        const radius = Math.sqrt(-2 * logUniform32(w[2 * pair] ?? 0));
        sinCosTurns(((w[2 * pair + 1] ?? 0) + 0.5) / TWO_POW_32, sc);
        const j = i + 2 * pair;
        if (j < count) out[j] = radius * (sc[1] ?? 0);
        if (j + 1 < count) out[j + 1] = radius * (sc[0] ?? 0);
      }
    }
    return out;
  }

  uniform(count: number): Float32Array {
    checkCount('NoiseGenerator.uniform', count);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i += 4) {
      const w = this.#nextBlock();
      for (let j = 0; j < 4 && i + j < count; j++) {
        out[i + j] = (2 * ((w[j] ?? 0) >>> 9) + 1) / TWO_POW_24;
      }
    }
    return out;
  }

  fork(name: string): NoiseGenerator {
    checkForkName(name);
    const [h0, h1] = splitWords(fnv1a64(name));
    const out = philox4x32x10([h0, h1, 0xffffffff, 0xffffffff], this.#key, new Uint32Array(4));
    return new PhiloxNoiseGenerator(`${this.seed}/${name}`, [out[0] ?? 0, out[1] ?? 0]);
  }
}

/** Checks the `count` of a draw, for every {@link NoiseGenerator} implementation. */
export function checkCount(fn: string, count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new InvalidArgumentError(fn, 'count', 'a non-negative integer', count);
  }
}

/** Checks the `name` of {@link NoiseGenerator.fork}, for every implementation. */
export function checkForkName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidArgumentError('NoiseGenerator.fork', 'name', 'a non-empty string', name);
  }
}

/**
 * Creates a seeded noise generator that gives bit-identical values in Node.js and every browser.
 *
 * Algorithm: Philox-4x32-10 (Salmon et al., SC 2011) in counter mode. The 64-bit key is the seed
 * (an integer in [0, 2^64), or the 64-bit FNV-1a hash of the UTF-16 code units of a non-numeric
 * string seed). Block `b` (counter `[b mod 2^32, floor(b / 2^32), 0, 0]`) yields four uint32 words
 * `w0..w3`. Normals come from Box–Muller on each word pair: `u = (w_even + 0.5) / 2^32`,
 * `v = (w_odd + 0.5) / 2^32`, `r = sqrt(-2 ln u)`, giving `r·cos(2πv)` then `r·sin(2πv)`, rounded to
 * float32 (|z| < 6.7 by construction). `ln`, `sin` and `cos` are fdlibm polynomials evaluated with
 * basic IEEE arithmetic only, so no engine-specific `Math` function is involved. Uniforms are
 * `((w >>> 9) + 0.5) / 2^23`, exact in float32. A fork named `name` gets the key made of the first two output words
 * of Philox under the parent key at counter `[lo(h), hi(h), 2^32 - 1, 2^32 - 1]`, with `h` the
 * FNV-1a hash of `name`; draws never use those counters, so forks and draws cannot overlap.
 * @param seed - A non-negative integer (number or bigint below 2^64) or a non-empty string.
 * @throws InvalidArgumentError for negative, fractional or out-of-range numbers and empty strings.
 * @example
 * const rng = createNoiseGenerator(42);
 * const latents = randn(rng.fork('latents'), [1, 4, 64, 64]);
 */
export function createNoiseGenerator(seed: number | bigint | string): NoiseGenerator {
  const { key, label } = seedKey('createNoiseGenerator', seed);
  return new PhiloxNoiseGenerator(label, key);
}

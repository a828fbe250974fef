import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { logCephesF32, sinCosCephesF32 } from './cephes-float32.js';
import { Mt19937 } from './mt19937.js';
import { checkCount, checkForkName, type NoiseGenerator } from './noise-generator.js';
import { fnv1a64, seedKey } from './seed-key.js';

const f = Math.fround;
const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;
/** `2π` rounded to float32, the constant of PyTorch's AVX2 Box–Muller. */
const TWO_PI_F32 = f(2 * Math.PI);

class TorchCpuGenerator implements NoiseGenerator {
  readonly seed: string;
  readonly #engine: Mt19937;
  /** The second value of the scalar path's last Box–Muller pair (PyTorch's `next_double_normal_sample`). */
  #cachedNormal: number | undefined;
  readonly #sc = new Float64Array(2);

  constructor(label: string, seed: bigint) {
    this.seed = label;
    this.#engine = new Mt19937(seed);
  }

  /** A float32 uniform in [0, 1): 24 random bits of one 32-bit output. */
  #uniform24(): number {
    return (this.#engine.nextUint32() & 0xffffff) * TWO_POW_M24;
  }

  /** A double uniform in [0, 1): 53 random bits of two 32-bit outputs (the first is the high word). */
  #uniform53(): number {
    const hi = this.#engine.nextUint32() & 0x1fffff;
    const lo = this.#engine.nextUint32();
    return (hi * 2 ** 32 + lo) * TWO_POW_M53;
  }

  /** Box–Muller on 16 uniforms in place: `[0, 8)` pairs with `[8, 16)` (PyTorch's `normal_fill_16_AVX2`). */
  #boxMuller16(d: Float32Array, at: number): void {
    const sc = this.#sc;
    for (let j = at; j < at + 8; j++) {
      const radius = f(Math.sqrt(f(-2 * logCephesF32(f(1 - (d[j] ?? 0))))));
      sinCosCephesF32(f(TWO_PI_F32 * (d[j + 8] ?? 0)), sc);
      d[j] = radius * (sc[1] ?? 0);
      d[j + 8] = radius * (sc[0] ?? 0);
    }
  }

  /** One value of the scalar path: double-precision Box–Muller, the sine half kept for the next call. */
  #scalarNormal(): number {
    const cached = this.#cachedNormal;
    if (cached !== undefined) {
      this.#cachedNormal = undefined;
      return cached;
    }
    const u1 = this.#uniform53();
    const u2 = this.#uniform53();
    const r = Math.sqrt(-2 * Math.log1p(-u2));
    const theta = 2 * Math.PI * u1;
    this.#cachedNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  normal(count: number): Float32Array {
    checkCount('NoiseGenerator.normal', count);
    const out = new Float32Array(count);
    if (count < 16) {
      for (let i = 0; i < count; i++) out[i] = this.#scalarNormal();
      return out;
    }
    for (let i = 0; i < count; i++) out[i] = this.#uniform24();
    for (let i = 0; i + 16 <= count; i += 16) this.#boxMuller16(out, i);
    if (count % 16 !== 0) {
      const tail = count - 16;
      for (let i = tail; i < count; i++) out[i] = this.#uniform24();
      this.#boxMuller16(out, tail);
    }
    return out;
  }

  uniform(count: number): Float32Array {
    checkCount('NoiseGenerator.uniform', count);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.#uniform24();
    return out;
  }

  fork(name: string): NoiseGenerator {
    checkForkName(name);
    const label = `${this.seed}/${name}`;
    return new TorchCpuGenerator(label, fnv1a64(label));
  }
}

/**
 * Creates a noise generator that gives the float32 values of PyTorch's CPU generator,
 * `torch.Generator('cpu').manual_seed(seed)`: `normal(n)` equals `torch.randn(n, generator=g)` and
 * consecutive calls continue the same stream, as consecutive `torch.randn` calls on one generator do;
 * `uniform(n)` equals `torch.rand(n, generator=g)` (values `k / 2^24` in [0, 1), so 0 is possible).
 *
 * Algorithm (PyTorch 1.13, `CPUGeneratorImpl`, `normal_kernel` in ATen's CPU `DistributionTemplates.h`):
 * - Engine: MT19937 seeded with the low 32 bits of the seed.
 * - `n >= 16` values: `n` float32 uniforms `(w & 0xffffff) / 2^24` (one 32-bit word each), then
 *   Box–Muller on every block of 16: `u1 = 1 - d[j]`, `u2 = d[j + 8]`, `r = sqrt(-2 ln u1)`,
 *   `d[j] = r cos(2π u2)`, `d[j + 8] = r sin(2π u2)` for `j < 8`, all in float32 with Cephes' single-
 *   precision `logf`/`sincosf` (the AVX2 kernel, `avx_mathfun.h`, with `2π` rounded to float32). When
 *   `n` is not a multiple of 16, 16 fresh uniforms replace the last 16 values and are transformed again.
 * - `n < 16` values: the scalar path, one double-precision Box–Muller pair per two values, from 53-bit
 *   uniforms `((w1 >>> 11)·2^32 + w2) / 2^53` (w1 the high word): `r = sqrt(-2 log1p(-u2))`,
 *   `θ = 2π u1`, returns `r cos θ` and keeps `r sin θ` for the generator's next scalar value (also
 *   across calls, as PyTorch's `next_double_normal_sample`), rounded to float32.
 *
 * PyTorch picks the `n >= 16` kernel by CPU: this reproduces the AVX2 kernel (x86-64 with AVX2, the
 * case of the recordings); on CPUs where PyTorch runs its default kernel (`std::log`, `std::cos` in
 * float32, e.g. `ATEN_CPU_CAPABILITY=default`) values can differ in the last bit or two. CUDA
 * generators (Philox on the GPU) are a different stream altogether and are not reproduced.
 * The `n >= 16` path uses only IEEE arithmetic (identical in every JavaScript engine); the scalar path
 * rounds double-precision `Math.log1p`, `Math.sin` and `Math.cos` results to float32.
 * `fork(name)` returns a torch-compatible generator seeded with the 64-bit FNV-1a hash of
 * `${seed}/${name}` (a convenience; PyTorch has no forks).
 * @param seed - What `manual_seed` receives: a non-negative integer (number or bigint below 2^64) or a
 *   string of decimal digits; only the low 32 bits matter, as in PyTorch.
 * @throws InvalidArgumentError for negative, fractional or out-of-range numbers and non-numeric strings.
 * @example
 * const g = createTorchCpuGenerator(0);
 * g.normal(16); // -1.1258, -1.1524, -0.2506, ... as torch.randn(16, generator=torch.Generator().manual_seed(0))
 */
export function createTorchCpuGenerator(seed: number | bigint | string): NoiseGenerator {
  if (typeof seed === 'string' && !/^(0|[1-9][0-9]*)$/.test(seed)) {
    throw new InvalidArgumentError(
      'createTorchCpuGenerator',
      'seed',
      'a non-negative integer (a string of decimal digits at most)',
      seed,
    );
  }
  const { label } = seedKey('createTorchCpuGenerator', seed);
  return new TorchCpuGenerator(label, BigInt(label));
}

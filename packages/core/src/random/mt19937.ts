const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto & Nishimura 1998), the engine of PyTorch's CPU
 * generator and of C++'s `std::mt19937`. Seeding follows the reference `init_genrand`:
 * `s[0] = seed mod 2^32`, `s[i] = 1812433253 * (s[i-1] ^ (s[i-1] >>> 30)) + i (mod 2^32)`.
 * Output words are tempered with the standard shifts and masks.
 * @internal
 */
export class Mt19937 {
  readonly #state = new Uint32Array(N);
  #next = N;

  /** @param seed - Only the low 32 bits are used, as in PyTorch's `manual_seed`. */
  constructor(seed: bigint) {
    const s = this.#state;
    s[0] = Number(seed & 0xffffffffn);
    for (let i = 1; i < N; i++) {
      const prev = s[i - 1] ?? 0;
      s[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
  }

  /** Regenerates the 624-word state block (the "twist"). */
  #twist(): void {
    const s = this.#state;
    for (let i = 0; i < N; i++) {
      const y = ((s[i] ?? 0) & UPPER) | ((s[(i + 1) % N] ?? 0) & LOWER);
      s[i] = (s[(i + M) % N] ?? 0) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.#next = 0;
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    if (this.#next >= N) this.#twist();
    let y = this.#state[this.#next++] ?? 0;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

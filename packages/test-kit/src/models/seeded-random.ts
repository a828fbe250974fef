/** A seeded generator of standard-normal floats (mulberry32 + Box–Muller), for reproducible test weights. */
export class SeededRandom {
  private state: number;

  /** Starts the stream at `seed` (any 32-bit integer). */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next uniform float in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `n` normal samples with standard deviation `std`. */
  normal(n: number, std: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const u = 1 - this.uniform();
      const v = this.uniform();
      out[i] = std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
    return out;
  }
}

import { SeededRandom } from '../models/seeded-random.js';

/** One mutated copy of a file and how it was made, for reproducing a failing case. */
export interface MutatedBytes {
  /** The mutated bytes (a new array; the input is not modified). */
  readonly bytes: Uint8Array;
  /** What was done, e.g. `truncate to 1234` or `flip 3 bytes`. */
  readonly mutation: string;
}

/**
 * Seeded mutated and truncated copies of `bytes` for fuzzing parsers: case `i` of `seed` is always the
 * same. Mutations: truncation, random byte flips, overwriting a run with random bytes or with 0xFF
 * (huge varints and lengths), deleting a run, and duplicating a run.
 * @example
 * for (const { bytes, mutation } of mutateBytes(graph, 7, 1000)) expect(() => decode(bytes)).not.toThrow(TypeError);
 */
export function* mutateBytes(bytes: Uint8Array, seed: number, count: number): Generator<MutatedBytes> {
  const rng = new SeededRandom(seed);
  const int = (n: number) => Math.floor(rng.uniform() * n);
  for (let i = 0; i < count; i++) {
    const at = int(bytes.length);
    const run = 1 + int(Math.min(64, bytes.length - at));
    switch (i % 6) {
      case 0:
        yield { bytes: bytes.slice(0, at), mutation: `truncate to ${at}` };
        break;
      case 1: {
        const out = new Uint8Array(bytes);
        const flips = 1 + int(8);
        for (let f = 0; f < flips; f++) {
          const k = int(out.length);
          out[k] = (out[k] ?? 0) ^ (1 << int(8));
        }
        yield { bytes: out, mutation: `flip ${flips} bits` };
        break;
      }
      case 2: {
        const out = new Uint8Array(bytes);
        for (let k = at; k < at + run; k++) out[k] = int(256);
        yield { bytes: out, mutation: `random ${run} bytes at ${at}` };
        break;
      }
      case 3:
        yield {
          bytes: new Uint8Array(bytes).fill(0xff, at, at + run),
          mutation: `0xff ${run} bytes at ${at}`,
        };
        break;
      case 4: {
        const cut = new Uint8Array(bytes.length - run);
        cut.set(bytes.subarray(0, at));
        cut.set(bytes.subarray(at + run), at);
        yield { bytes: cut, mutation: `delete ${run} bytes at ${at}` };
        break;
      }
      default: {
        const grown = new Uint8Array(bytes.length + run);
        grown.set(bytes.subarray(0, at + run));
        grown.set(bytes.subarray(at), at + run);
        yield { bytes: grown, mutation: `duplicate ${run} bytes at ${at}` };
      }
    }
  }
}

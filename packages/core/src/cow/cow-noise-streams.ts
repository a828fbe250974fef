import type { NoiseGenerator } from '../random/noise-generator.js';
import { createSeededNoise, type NoiseKind } from '../random/seeded-noise.js';

/** The independent noise streams of one COW run, all derived from one seed. */
export interface CowNoiseStreams {
  /** VAE posterior sampling of the seed and the canvas. */
  readonly vaeSample: NoiseGenerator;
  /** DDIM eta noise. */
  readonly eta: NoiseGenerator;
  /** Noise of the cycles' renoise jumps (unseeded in the reference code, seeded here). */
  readonly renoise: NoiseGenerator;
}

/**
 * Splits one seed into the run's noise streams.
 * - `'philox'` (default): three independent forks (`vae-sample`, `eta`, `renoise`), so one seed fixes
 *   the whole run and changing how much one stream draws (say, eta 0 instead of 1) leaves the others'
 *   values unchanged.
 * - `'torch-cpu'`: as the official code draws. The VAE samples and then every eta draw come from one
 *   PyTorch CPU generator seeded with `seed` (`torch.Generator('cpu').manual_seed(seed)`, the pipeline's
 *   `generator`). The renoise draws, which the official code takes from PyTorch's unseeded global
 *   generator (its state depends on everything that ran before, model loading included), cannot be
 *   reproduced from a seed; they come from the torch-compatible fork `renoise` of that generator.
 * @param seed - The run's seed.
 * @param kind - Which generator the seed drives (default `'philox'`).
 * @param fn - Function name used in error messages.
 * @see spec section 8 item 3 (the reference code's unseeded renoise)
 * @example
 * const { vaeSample, eta, renoise } = createCowNoiseStreams(42);
 */
export function createCowNoiseStreams(
  seed: number | bigint | string,
  kind: NoiseKind = 'philox',
  fn = 'createCowNoiseStreams',
): CowNoiseStreams {
  const root = createSeededNoise(seed, kind, fn);
  if (kind === 'torch-cpu') return { vaeSample: root, eta: root, renoise: root.fork('renoise') };
  return { vaeSample: root.fork('vae-sample'), eta: root.fork('eta'), renoise: root.fork('renoise') };
}

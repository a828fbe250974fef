import { createNoiseGenerator, type NoiseGenerator } from '../random/noise-generator.js';

/** The independent noise streams of one COW run, all forks of one seeded generator. */
export interface CowNoiseStreams {
  /** VAE posterior sampling of the seed and the canvas (fork `vae-sample`). */
  readonly vaeSample: NoiseGenerator;
  /** DDIM eta noise (fork `eta`). */
  readonly eta: NoiseGenerator;
  /** Noise of the cycles' renoise jumps (fork `renoise`; unseeded in the reference code, seeded here). */
  readonly renoise: NoiseGenerator;
}

/**
 * Splits one seed into the run's independent noise streams, so that one seed fixes the whole run and
 * changing how much one stream draws (say, eta 0 instead of 1) leaves the others' values unchanged.
 * @see spec section 8 item 3 (the reference code's unseeded renoise)
 * @example
 * const { vaeSample, eta, renoise } = createCowNoiseStreams(42);
 */
export function createCowNoiseStreams(seed: number | bigint | string): CowNoiseStreams {
  const root = createNoiseGenerator(seed);
  return { vaeSample: root.fork('vae-sample'), eta: root.fork('eta'), renoise: root.fork('renoise') };
}

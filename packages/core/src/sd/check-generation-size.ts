import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** Smallest image side the pipelines accept, in pixels (an 8×8 latent). */
export const MIN_GENERATION_SIZE = 64;

/**
 * Validates an image size for Stable Diffusion generation: integer width and height, each a multiple of
 * 8 (the VAE's downsampling factor) and at least {@link MIN_GENERATION_SIZE} pixels. Pipelines call it once
 * at their boundary, before any model runs.
 * @param fn - The calling function, named in the error.
 * @param width - Image width in pixels.
 * @param height - Image height in pixels.
 * @throws InvalidArgumentError naming `width` or `height`.
 * @example
 * checkGenerationSize('myPipeline', 512, 512); // ok
 * checkGenerationSize('myPipeline', 500, 512); // throws: width must be a multiple of 8 ...
 */
export function checkGenerationSize(fn: string, width: number, height: number): void {
  for (const [argument, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value % 8 !== 0 || value < MIN_GENERATION_SIZE) {
      throw new InvalidArgumentError(
        fn,
        argument,
        `a multiple of 8 of at least ${MIN_GENERATION_SIZE} pixels`,
        value,
      );
    }
  }
}

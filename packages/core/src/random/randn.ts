import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createTensor, type Float32Tensor, sizeOf } from '../tensor/tensor.js';
import type { NoiseGenerator } from './noise-generator.js';

/**
 * Draws a float32 tensor of independent standard normal values, the way `torch.randn` is used for
 * initial latents and DDIM noise, from an explicit generator.
 * @param generator - The stream to draw from (it advances by `ceil(size / 4)` blocks).
 * @param shape - Dimensions of the result.
 * @example
 * const noise = randn(createNoiseGenerator(7), [1, 4, 64, 64]);
 */
export function randn(generator: NoiseGenerator, shape: readonly number[]): Float32Tensor {
  shape.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0) {
      throw new InvalidArgumentError('randn', `shape[${i}]`, 'a non-negative integer', d);
    }
  });
  return createTensor('float32', shape, generator.normal(sizeOf(shape)));
}

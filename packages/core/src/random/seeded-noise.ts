import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createNoiseGenerator, type NoiseGenerator } from './noise-generator.js';
import { createTorchCpuGenerator } from './torch-cpu-generator.js';

/**
 * Which random number generator a seed drives.
 * - `'philox'` (default): sow's own Philox-4x32-10 stream ({@link createNoiseGenerator}), bit-identical in
 *   Node.js and every browser, with independent named forks per use.
 * - `'torch-cpu'`: PyTorch's CPU generator ({@link createTorchCpuGenerator}), drawn in the order the
 *   Python pipelines draw, so the same seed gives the same noise as `torch.Generator('cpu').manual_seed(seed)`.
 */
export type NoiseKind = 'philox' | 'torch-cpu';

/**
 * Creates the root generator of `kind` for `seed`, validating both.
 * @param fn - Function name used in error messages.
 * @throws InvalidArgumentError for an unknown kind or a seed the kind does not take.
 * @example
 * const g = createSeededNoise(1, 'torch-cpu'); // torch.Generator('cpu').manual_seed(1)
 */
export function createSeededNoise(
  seed: number | bigint | string,
  kind: NoiseKind = 'philox',
  fn = 'createSeededNoise',
): NoiseGenerator {
  if (kind === 'philox') return createNoiseGenerator(seed);
  if (kind === 'torch-cpu') {
    if (typeof seed === 'string' && !/^(0|[1-9][0-9]*)$/.test(seed)) {
      throw new InvalidArgumentError(fn, 'seed', "an integer (noise 'torch-cpu' takes no text seeds)", seed);
    }
    return createTorchCpuGenerator(seed);
  }
  throw new InvalidArgumentError(fn, 'noise', "'philox' or 'torch-cpu'", kind);
}

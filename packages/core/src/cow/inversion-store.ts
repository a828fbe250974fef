import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { createTensor, type Float32Tensor } from '../tensor/tensor.js';

/**
 * The inverted condition latents of a COW run, kept by noise level so that each one-way replacement
 * reads the latent of its own level. Entries are copies: later changes to the caller's tensors do not
 * leak in, and readers must not mutate what `get` returns.
 * @see spec section 3.4
 */
export interface InversionStore {
  /** Stored levels, ascending. */
  readonly levels: readonly number[];
  /** True when a latent of this level is stored. */
  has(level: number): boolean;
  /** The latent stored for `level`; a missing level throws `InvalidArgumentError` listing the stored ones. */
  get(level: number): Float32Tensor;
  /** Stores a copy of `latents` under `level`, replacing any earlier entry. */
  set(level: number, latents: Float32Tensor): void;
}

/**
 * Creates an empty {@link InversionStore}.
 * @example
 * const store = createInversionStore();
 * store.set(701, latents);
 * const f701 = store.get(701);
 */
export function createInversionStore(): InversionStore {
  const entries = new Map<number, Float32Tensor>();
  return {
    get levels() {
      return [...entries.keys()].sort((a, b) => a - b);
    },
    has: (level) => entries.has(level),
    get(level) {
      const found = entries.get(level);
      if (found === undefined) {
        throw new InvalidArgumentError(
          'InversionStore.get',
          'level',
          `one of the stored levels [${[...entries.keys()].sort((a, b) => a - b).join(', ')}]`,
          level,
        );
      }
      return found;
    },
    set(level, latents) {
      if (!Number.isInteger(level)) {
        throw new InvalidArgumentError('InversionStore.set', 'level', 'an integer noise level', level);
      }
      entries.set(level, createTensor('float32', latents.shape, latents.data.slice()));
    },
  };
}

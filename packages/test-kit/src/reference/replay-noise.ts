import type { Float32Tensor, NoiseGenerator } from '@sow/core';

/** A {@link NoiseGenerator} that hands out recorded draws in order, and what it was asked for. */
export interface ReplayNoise extends NoiseGenerator {
  /** The sizes requested so far, in order. */
  readonly requested: readonly number[];
}

/**
 * Replays recorded random draws (say, every `torch.randn` of one stream of a Python run) through the
 * `NoiseGenerator` interface: `normal(n)` returns the next recorded draw, and throws when its size is not
 * `n` or when the recording is exhausted, so a port that draws in another order or another size fails.
 * `uniform` and `fork` throw: a replay has only the normals it recorded.
 * @param label - Name of the stream, used as `seed` and in errors.
 * @param draws - The recorded draws, in order.
 */
export function createReplayNoise(label: string, draws: readonly Float32Tensor[]): ReplayNoise {
  const requested: number[] = [];
  return {
    seed: label,
    requested,
    normal(count) {
      const next = draws[requested.length];
      requested.push(count);
      if (next === undefined) throw new Error(`${label}: draw ${requested.length - 1} was not recorded`);
      if (next.data.length !== count) {
        throw new Error(
          `${label}: draw ${requested.length - 1} has ${next.data.length} values, asked for ${count}`,
        );
      }
      return next.data.slice();
    },
    uniform() {
      throw new Error(`${label}: a replay has no uniform draws`);
    },
    fork(name) {
      throw new Error(`${label}: a replay cannot fork (${name})`);
    },
  };
}

import { InvalidArgumentError } from '@sow/core';

/**
 * Cosine similarity of two vectors of the same non-zero length: 1 for the same direction, 0 orthogonal.
 * @example
 * cosineSimilarity([1, 0], [1, 1]); // 0.7071...
 */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) {
    throw new InvalidArgumentError('cosineSimilarity', 'b', `a vector of a's length ${a.length}`, b.length);
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] as number;
    const y = b[i] as number;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

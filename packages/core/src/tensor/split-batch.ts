import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkData, checkMinRank } from './check-tensor.js';
import type { DType, Tensor } from './tensor.js';
import { sizeOf } from './tensor.js';

/**
 * Splits a tensor along the batch axis (axis 0) into new tensors, the inverse of {@link concatBatch}.
 * Without `counts` every batch item becomes its own `[1, ...]` tensor; with `counts` the pieces have
 * those batch sizes, which must be non-negative integers summing to the batch size.
 * @example
 * const [uncond, text] = splitBatch(noisePred); // [2, 4, 64, 64] -> two [1, 4, 64, 64]
 */
export function splitBatch<D extends DType>(t: Tensor<D>, counts?: readonly number[]): Tensor<D>[] {
  checkData('splitBatch', 't', t);
  checkMinRank('splitBatch', 't', t, 1);
  const batch = t.shape[0]!;
  const sizes = counts ?? Array.from({ length: batch }, () => 1);
  let total = 0;
  sizes.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0) {
      throw new InvalidArgumentError('splitBatch', `counts[${i}]`, 'a non-negative integer', c);
    }
    total += c;
  });
  if (total !== batch) {
    throw new InvalidArgumentError(
      'splitBatch',
      'counts',
      `numbers summing to the batch size ${batch}`,
      counts,
    );
  }
  const rest = t.shape.slice(1);
  const item = sizeOf(rest);
  let offset = 0;
  return sizes.map((c) => {
    const data = t.data.slice(offset * item, (offset + c) * item) as Tensor<D>['data'];
    offset += c;
    return { dtype: t.dtype, shape: [c, ...rest], data };
  });
}

import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { allocLike, checkData, checkMinRank } from './check-tensor.js';
import type { DType, Tensor } from './tensor.js';

/**
 * Concatenates tensors along the batch axis (axis 0) into a new tensor; use it to run several guidance
 * branches in one model call. All inputs need the same dtype and the same dimensions after the first.
 * @example
 * const both = concatBatch([uncondEmbeddings, textEmbeddings]); // [2, 77, 1024]
 */
export function concatBatch<D extends DType>(tensors: readonly Tensor<D>[]): Tensor<D> {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0) {
    throw new InvalidArgumentError('concatBatch', 'tensors', 'a non-empty array of tensors', tensors);
  }
  const first: Tensor<D> = tensors[0]!;
  tensors.forEach((t, i) => {
    checkData('concatBatch', `tensors[${i}]`, t);
    checkMinRank('concatBatch', `tensors[${i}]`, t, 1);
    if (t.dtype !== first.dtype) {
      throw new InvalidArgumentError(
        'concatBatch',
        `tensors[${i}].dtype`,
        `${first.dtype} (as tensors[0])`,
        t.dtype,
      );
    }
    const rest = first.shape.slice(1);
    if (t.shape.length !== first.shape.length || rest.some((d, k) => d !== t.shape[k + 1])) {
      throw new ShapeMismatchError('concatBatch', `tensors[${i}]`, `[N, ${rest.join(', ')}]`, t.shape);
    }
  });
  let batch = 0;
  let length = 0;
  for (const t of tensors) {
    batch += t.shape[0]!;
    length += t.data.length;
  }
  const data = allocLike(first, length);
  let offset = 0;
  for (const t of tensors) {
    data.set(t.data as never, offset);
    offset += t.data.length;
  }
  return { dtype: first.dtype, shape: [batch, ...first.shape.slice(1)], data };
}

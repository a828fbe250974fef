import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { concatBatch } from './concat-batch.js';
import { splitBatch } from './split-batch.js';
import { createTensor } from './tensor.js';

describe('concatBatch and splitBatch', () => {
  const x = createTensor('float32', [1, 2, 2], [1, 2, 3, 4]);
  const y = createTensor('float32', [2, 2, 2], [5, 6, 7, 8, 9, 10, 11, 12]);

  it('concatenates along axis 0 in order', () => {
    const c = concatBatch([x, y]);
    expect(c.shape).toEqual([3, 2, 2]);
    expect(Array.from(c.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('splits into single items by default and by counts, inverting concat', () => {
    const c = concatBatch([x, y]);
    const items = splitBatch(c);
    expect(items.map((t) => t.shape)).toEqual([
      [1, 2, 2],
      [1, 2, 2],
      [1, 2, 2],
    ]);
    expect(Array.from(items[2]!.data)).toEqual([9, 10, 11, 12]);
    const [a, b] = splitBatch(c, [1, 2]);
    expect(a).toEqual(x);
    expect(b).toEqual(y);
  });

  it('keeps integer dtypes', () => {
    const ids = concatBatch([createTensor('int64', [1, 2], [1, 2]), createTensor('int64', [1, 2], [3, 4])]);
    expect(ids.dtype).toBe('int64');
    expect(Array.from(ids.data)).toEqual([1n, 2n, 3n, 4n]);
  });

  it('rejects mismatched inputs and bad counts', () => {
    expect(() => concatBatch([])).toThrow(InvalidArgumentError);
    expect(() => concatBatch([x, createTensor('float32', [1, 2, 3])])).toThrow(ShapeMismatchError);
    expect(() => concatBatch([x, createTensor('int32', [1, 2, 2])] as never)).toThrow(
      'concatBatch: tensors[1].dtype must be float32 (as tensors[0]), got "int32".',
    );
    expect(() => splitBatch(y, [1, 2])).toThrow(
      'splitBatch: counts must be numbers summing to the batch size 2, got [1, 2].',
    );
    expect(() => splitBatch(y, [2.5, -0.5])).toThrow(InvalidArgumentError);
  });
});

import type { Tensor } from '@sow/core';
import { expect } from 'vitest';
import { affineReference } from './conformance-models.js';

/**
 * Asserts that `y` is what `affineModel` must give for `x`: shape `[batch, 3]` and every element within
 * `10^-digits / 2` of the closed form `x·W + b`.
 */
export function expectAffineOutput(x: Tensor<'float32'>, y: Tensor | undefined, digits = 5): void {
  const batch = x.shape[0] ?? 0;
  expect(y?.shape).toEqual([batch, 3]);
  const reference = affineReference(x.data);
  for (let i = 0; i < reference.length; i++) expect(y?.data[i]).toBeCloseTo(reference[i]!, digits);
}

import type { Backend } from '@sow/core';
import { describe } from 'vitest';
import { describeDisposeCases, describeErrorCases } from './error-cases.js';
import { describeLoadingCases } from './loading-cases.js';
import { describeRunCases } from './run-cases.js';
import { useBackend } from './use-backend.js';

/**
 * Registers the backend conformance suite with vitest: the contract every sow {@link Backend} must meet,
 * checked on tiny models built in memory with `@sow/onnx-graph`. It covers session metadata (names,
 * dtypes, symbolic dims), dtype round trips (float32, float16, int32, int64, uint8, bool) against IEEE
 * bit patterns, a MatMul + Add against its closed form, missing/extra inputs (`ModelIOError`), wrong dtypes
 * (`InvalidArgumentError`) and shapes (`ShapeMismatchError`), aborts (the signal's own reason), 8
 * concurrent runs, dispose, corrupt bytes (`ModelLoadError`), file locations and external data
 * (`weights.pb`, `model.onnx_data`). Call it at the top level of a test file; it needs Node's `fs` for the
 * file cases. `makeBackend` is called once per group and must return a fresh backend each time.
 * @example
 * describeBackendConformance('ort-node cpu', () => createOrtNodeBackend({ device: 'cpu' }));
 */
export function describeBackendConformance(name: string, makeBackend: () => Promise<Backend>): void {
  describe(`backend conformance: ${name}`, () => {
    describe('runs', () => {
      describeRunCases(useBackend(makeBackend));
    });
    describe('errors', () => {
      describeErrorCases(useBackend(makeBackend));
    });
    describeDisposeCases(makeBackend);
    describe('files', () => {
      describeLoadingCases(useBackend(makeBackend));
    });
  });
}

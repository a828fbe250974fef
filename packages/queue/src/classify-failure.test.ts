import {
  BackendUnavailableError,
  InvalidArgumentError,
  MllmProviderError,
  MllmResponseError,
  ModelIOError,
  ModelLoadError,
  ShapeMismatchError,
  SowError,
  UnsupportedModelError,
} from '@sow/core';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from './classify-failure.js';
import { formatFailureReason, parseFailureReason } from './failure-reason.js';

describe('classifyFailure', () => {
  it.each([
    [new InvalidArgumentError('f', 'a', 'b', 1), 'INVALID_ARGUMENT'],
    [new ShapeMismatchError('f', 'x', '[1]', [2]), 'SHAPE_MISMATCH'],
    [new ModelIOError('unet', ['sample'], []), 'MODEL_IO'],
    [new ModelLoadError('/m', 'missing'), 'MODEL_LOAD'],
    [new UnsupportedModelError('f', 'fused attention'), 'UNSUPPORTED_MODEL'],
    [new BackendUnavailableError('cuda', ['cpu'], 'no GPU'), 'BACKEND_UNAVAILABLE'],
    // core's NumericalError, recognised by its code alone.
    [new SowError('NUMERICAL' as never, 'latents are not finite'), 'NUMERICAL'],
    [new MllmProviderError('gemini', 401, 'bad key'), 'MLLM_PROVIDER'],
    [new TypeError('x is not a function'), 'TypeError'],
  ])('permanent: %s', (error, code) => {
    expect(classifyFailure(error)).toEqual({ kind: 'permanent', code });
  });

  it.each([
    [new MllmProviderError('gemini', 429, 'rate limited'), 'MLLM_PROVIDER'],
    [new MllmProviderError('openai-compatible', 503, 'unavailable'), 'MLLM_PROVIDER'],
    [new MllmProviderError('gemini', undefined, 'timed out'), 'MLLM_PROVIDER'],
    [new MllmResponseError('gemini', 'box', 'not JSON'), 'MLLM_RESPONSE'],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
      'ECONNREFUSED',
    ],
    [new Error('Connection is closed.'), 'ERROR'],
    ['a thrown string', 'ERROR'],
  ])('transient: %s', (error, code) => {
    expect(classifyFailure(error)).toEqual({ kind: 'transient', code });
  });

  it('keeps the code through the failed-reason text', () => {
    const failure = { code: 'NUMERICAL', message: 'denoise: latents are NaN\nat step 3' };
    expect(parseFailureReason(formatFailureReason(failure))).toEqual(failure);
    expect(parseFailureReason('job stalled more than allowable limit')).toEqual({
      code: 'ERROR',
      message: 'job stalled more than allowable limit',
    });
  });
});

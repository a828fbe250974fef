import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { castTensor, toFloat32 } from './cast-tensor.js';
import { createTensor } from './tensor.js';

describe('toFloat32', () => {
  it('decodes float16 and converts integers by value', () => {
    expect(Array.from(toFloat32(createTensor('float16', [2], [0x3c00, 0xc000])).data)).toEqual([1, -2]);
    expect(Array.from(toFloat32(createTensor('int64', [2], [7, -3])).data)).toEqual([7, -3]);
    expect(Array.from(toFloat32(createTensor('int32', [1], [-5])).data)).toEqual([-5]);
    expect(Array.from(toFloat32(createTensor('uint8', [2], [0, 255])).data)).toEqual([0, 255]);
    expect(toFloat32(createTensor('int32', [1, 2])).shape).toEqual([1, 2]);
  });

  it('returns a float32 tensor as is', () => {
    const t = createTensor('float32', [1], [0.5]);
    expect(toFloat32(t)).toBe(t);
  });
});

describe('castTensor', () => {
  it('converts float32 <-> float16 with the IEEE bit patterns', () => {
    const t = createTensor('float32', [1, 3], [1, 65504, 2 ** -24]);
    const h = castTensor(t, 'float16');
    expect(h.dtype).toBe('float16');
    expect(h.shape).toEqual([1, 3]);
    expect(Array.from(h.data)).toEqual([0x3c00, 0x7bff, 0x0001]);
    expect(Array.from(castTensor(h, 'float32').data)).toEqual([1, 65504, 2 ** -24]);
  });

  it('rejects non-float inputs and targets', () => {
    expect(() => castTensor(createTensor('int32', [1]) as never, 'float16')).toThrow(InvalidArgumentError);
    expect(() => castTensor(createTensor('float32', [1]), 'int8' as never)).toThrow(
      "castTensor: dtype must be 'float32' or 'float16', got \"int8\".",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ModelIOError } from '../errors/model-io-error.js';
import { tensorFromRuntime, tensorInfoFromRuntime, tensorsFromRuntime } from './runtime-tensor.js';
import { checkOutputTypes } from './validate-feeds.js';

describe('tensorInfoFromRuntime', () => {
  it('keeps names, maps symbolic and free dimensions, and marks unknown element types', () => {
    expect(
      tensorInfoFromRuntime({ name: 'sample', isTensor: true, type: 'float16', shape: ['batch', 4, '', 64] }),
    ).toEqual({ name: 'sample', dtype: 'float16', shape: ['batch', 4, null, 64] });
    expect(tensorInfoFromRuntime({ name: 's', isTensor: true, type: 'string', shape: [1] }).dtype).toBe(
      'unknown',
    );
    expect(tensorInfoFromRuntime({ name: 'seq', isTensor: false })).toEqual({
      name: 'seq',
      dtype: 'unknown',
      shape: [],
    });
  });
});

describe('tensorFromRuntime', () => {
  it('shares memory and returns half floats as raw bits whatever the array type', () => {
    const bits = new Uint16Array([0x3c00, 0x7bff, 0x0001, 0x8000]);
    // A runtime may hand back another 2-byte view over the same bits (e.g. Float16Array where it exists).
    const asInt16 = new Int16Array(bits.buffer);
    const t = tensorFromRuntime({ data: asInt16, dims: [2, 2] }, 'float16');
    expect(t.data).toBeInstanceOf(Uint16Array);
    expect([...t.data]).toEqual([0x3c00, 0x7bff, 0x0001, 0x8000]);
    bits[0] = 0x4000;
    expect(t.data[0]).toBe(0x4000);
    const f = new Float32Array([1, 2, 3]);
    expect(tensorFromRuntime({ data: f, dims: [3] }, 'float32').data).toBe(f);
  });
});

describe('tensorsFromRuntime and checkOutputTypes', () => {
  const outputs = [
    { name: 'a', dtype: 'float32' as const, shape: [2] },
    { name: 'b', dtype: 'int64' as const, shape: [1] },
  ];

  it('wraps every declared output by name and refuses a missing one', () => {
    const a = new Float32Array([1, 2]);
    const b = new BigInt64Array([7n]);
    const out = tensorsFromRuntime(outputs, { a: { data: a, dims: [2] }, b: { data: b, dims: [1] } });
    expect(out.a?.data).toBe(a);
    expect(out.b?.data).toBe(b);
    expect(() => tensorsFromRuntime(outputs, { a: { data: a, dims: [2] } })).toThrow(ModelIOError);
  });

  it('rejects graphs with outputs of unknown element types, naming them', () => {
    expect(() => checkOutputTypes('m.onnx', outputs)).not.toThrow();
    const bad = [...outputs, { name: 'labels', dtype: 'unknown' as const, shape: [] }];
    expect(() => checkOutputTypes('m.onnx', bad)).toThrow(/unexpected \[labels\]/);
  });
});

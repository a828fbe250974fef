import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { getAttribute } from './attributes.js';
import { decodeModel, encodeModel } from './codec.js';
import { AttributeType, DataType } from './constants.js';
import { GraphBuilder } from './graph-builder.js';
import { readTensorData } from './tensor-data.js';

const shared = (p: string) => fileURLToPath(new URL(`../../../../shared/models/${p}`, import.meta.url));

/** Replaces byte arrays by number arrays so Buffers and Uint8Arrays compare equal. */
function plain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
      const original = this[key];
      return original instanceof Uint8Array ? Array.from(original) : v;
    }),
  );
}

describe('decodeModel / encodeModel', () => {
  it('round-trips a real exported model (VAElight encoder) without losing anything', async () => {
    const bytes = new Uint8Array(readFileSync(shared('vaelight/VAEencoder.onnx')));
    const model = decodeModel(bytes);
    expect(model.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0]).toEqual({ dimParam: 'batch_size' });
    const again = encodeModel(model);
    expect(plain(decodeModel(again))).toEqual(plain(model));
    // The re-encoded file is a valid model that ONNX Runtime loads with the same I/O.
    const session = await ort.InferenceSession.create(again);
    expect(session.inputNames).toEqual(model.graph?.input?.map((i) => i.name));
    await session.release();
  });

  it('decodes known field values of a real model (ultraface, opset 9)', () => {
    const model = decodeModel(new Uint8Array(readFileSync(shared('ultraface/version-RFB-320.onnx'))));
    expect(model.opsetImport).toEqual([{ version: 9 }]);
    const conv = model.graph?.node?.find((n) => n.opType === 'Conv');
    expect(getAttribute(conv!, 'kernel_shape')).toEqual([3, 3]);
    expect(model.graph?.input?.[0]?.type?.tensorType?.elemType).toBe(DataType.Float);
  });

  it('keeps int64 sentinels and attribute kinds through a round trip', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [4]);
    g.node('Slice', [x], {
      attributes: { ends: [Number.MAX_SAFE_INTEGER], alpha: { float: 1 }, mode: 'linear' },
    });
    const node = decodeModel(encodeModel(g.toModel())).graph?.node?.[0];
    expect(node?.attribute?.map((a) => a.type)).toEqual([
      AttributeType.Ints,
      AttributeType.Float,
      AttributeType.String,
    ]);
    expect(getAttribute(node!, 'ends')).toEqual([Number.MAX_SAFE_INTEGER]);
    expect(getAttribute(node!, 'alpha')).toBe(1);
    expect(getAttribute(node!, 'mode')).toBe('linear');
  });

  it('reads initializer data back bit-exactly', () => {
    const g = new GraphBuilder();
    g.initializer('a', 'int64', [2], [-(2n ** 50n), 7n]);
    g.initializer('b', 'float16', [2], Uint16Array.of(0x3c00, 0xfbff));
    const [a, b] = decodeModel(encodeModel(g.toModel())).graph?.initializer ?? [];
    expect(Array.from(readTensorData(a!) as BigInt64Array)).toEqual([-(2n ** 50n), 7n]);
    expect(Array.from(readTensorData(b!) as Uint16Array)).toEqual([0x3c00, 0xfbff]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel, buildModelWithExternalData } from './build-model.js';
import { decodeModel } from './codec.js';
import { DataLocation } from './constants.js';
import { GraphBuilder } from './graph-builder.js';
import type { ElementType, TensorData } from './tensor-data.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

describe('GraphBuilder', () => {
  it('builds MatMul + Add + Softmax that ONNX Runtime runs to the closed-form answer', async () => {
    const g = new GraphBuilder('linear_softmax');
    const x = g.input('x', 'float32', ['batch', 3]);
    const w = g.initializer('w', 'float32', [3, 2], [1, 0, 0, 1, 1, 1]);
    const b = g.initializer('b', 'float32', [2], [0.5, -0.5]);
    const y = g.scope('head', () => g.softmax(g.add(g.matMul(x, w), b)));
    g.output(y, 'float32', ['batch', 2], 'probs');
    const out = await run(buildModel(g), {
      x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 0, 0, 0]), [2, 3]),
    });
    // Row 0: logits [1+3+0.5, 2+3-0.5] = [4.5, 4.5]; row 1: [0.5, -0.5].
    const p = out.probs!.data as Float32Array;
    const e = Math.exp(1);
    expect(Array.from(p)).toEqual([0.5, 0.5, e / (e + 1), 1 / (e + 1)].map((v) => expect.closeTo(v, 6)));
  });

  it('names nodes like the PyTorch exporter, with _n suffixes on repeats', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [2, 2]);
    g.scope('down_blocks.0', () =>
      g.scope('attn1', () => {
        g.softmax(g.softmax(x));
      }),
    );
    const names = decodeModel(buildModel(g)).graph?.node?.map((n) => n.name);
    expect(names).toEqual(['/down_blocks.0/attn1/Softmax', '/down_blocks.0/attn1/Softmax_1']);
  });

  const identityCases: [ElementType, TensorData][] = [
    ['float32', Float32Array.from([1.5, -2, 3.25])],
    ['float16', Uint16Array.from([0x3c00, 0xc000, 0x7bff])],
    ['int32', Int32Array.from([-7, 0, 2147483647])],
    ['int64', BigInt64Array.from([-(2n ** 62n), 0n, 2n ** 62n + 1n])],
    ['uint8', Uint8Array.from([0, 128, 255])],
    ['bool', Uint8Array.from([1, 0, 1])],
  ];
  it.each(identityCases)('round-trips %s through an Identity model', async (type, data) => {
    const g = new GraphBuilder();
    g.output(g.node('Identity', [g.input('x', type, [3])]), type, [3], 'y');
    const out = await run(buildModel(g), { x: new ort.Tensor(type, data, [3]) });
    expect(out.y!.type).toBe(type);
    expect(Array.from(out.y!.data as ArrayLike<unknown>)).toEqual(Array.from(data as ArrayLike<unknown>));
  });

  it('stores int64 and float16 initializers exactly', async () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'int64', [2]);
    g.output(g.add(x, g.initializer('c', 'int64', [2], [2n ** 40n, -3n])), 'int64', [2], 'y');
    const h = g.input('h', 'float16', [1]);
    g.output(g.add(h, g.initializer('one', 'float16', [1], Uint16Array.of(0x3c00))), 'float16', [1], 'z');
    const out = await run(buildModel(g), {
      x: new ort.Tensor('int64', BigInt64Array.of(1n, 3n), [2]),
      h: new ort.Tensor('float16', Uint16Array.of(0x4000), [1]),
    });
    expect(Array.from(out.y!.data as BigInt64Array)).toEqual([2n ** 40n + 1n, 0n]);
    expect(Array.from(out.z!.data as Uint16Array)).toEqual([0x4200]); // 2 + 1 = 3 = 0x4200 in IEEE half
  });

  it('writes external data that ONNX Runtime loads from the model folder', async () => {
    const g = new GraphBuilder();
    const w = Float32Array.from({ length: 512 }, (_, i) => i / 512);
    const x = g.input('x', 'float32', [1, 512]);
    g.output(g.matMul(x, g.initializer('w', 'float32', [512, 1], w)), 'float32', [1, 1], 'y');
    const { model, data } = buildModelWithExternalData(g, { location: 'model.onnx_data' });
    const tensor = decodeModel(model).graph?.initializer?.[0];
    expect(tensor?.dataLocation).toBe(DataLocation.External);
    expect(tensor?.rawData).toBeUndefined();
    expect(data.byteLength).toBe(2048);
    const dir = mkdtempSync(join(tmpdir(), 'onnx-graph-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'model.onnx'), model);
    writeFileSync(join(dir, 'model.onnx_data'), data);
    const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array(512).fill(1), [1, 512]) });
    await session.release();
    // sum_{i<512} i/512 = 511/2
    expect((out.y!.data as Float32Array)[0]).toBeCloseTo(255.5, 3);
  });
});

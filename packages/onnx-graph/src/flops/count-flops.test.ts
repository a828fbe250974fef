import { InvalidArgumentError, UnsupportedModelError } from '@sow/core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../codec.js';
import { GraphBuilder } from '../graph-builder.js';
import { countFlops } from './count-flops.js';
import { inferShapes } from './infer-shapes.js';

const filled = (n: number) => new Float32Array(n).fill(0.01);

/**
 * x [2,3,8,8] → Conv 3x3 stride 2 pad 1 (4 out) → [2,4,4,4] → grouped Conv 1x1 (group 2, 4 out)
 * → ConvTranspose 2x2 stride 2 (2 out) → [2,2,8,8] → Resize x0.5 → [2,2,4,4] → Reshape to [batch, 32]
 * through shape arithmetic (Shape, Slice, Concat) → MatMul [32,5] → Gemm (transB, [7,5]) + bias → Softmax;
 * and a batched attention-style MatMul q [2,5,16,8] · k [2,5,8,16] with the scores' Softmax.
 */
function smallGraph() {
  const g = new GraphBuilder('flops');
  const x = g.input('x', 'float32', ['batch', 3, 8, 8]);
  const q = g.input('q', 'float32', ['batch', 5, 16, 8]);
  const k = g.input('k', 'float32', ['batch', 5, 8, 16]);
  const conv = g.node('Conv', [x, g.initializer('w1', 'float32', [4, 3, 3, 3], filled(108))], {
    attributes: { pads: [1, 1, 1, 1], strides: [2, 2] },
  });
  const grouped = g.node('Conv', [conv, g.initializer('w2', 'float32', [4, 2, 1, 1], filled(8))], {
    attributes: { group: 2 },
  });
  const up = g.node('ConvTranspose', [grouped, g.initializer('w3', 'float32', [4, 2, 2, 2], filled(32))], {
    attributes: { strides: [2, 2] },
  });
  const down = g.node('Resize', [up, '', g.constant('float32', [4], [1, 1, 0.5, 0.5])], {
    attributes: { mode: 'nearest' },
  });
  const batch = g.node('Slice', [
    g.node('Shape', [down]),
    g.constant('int64', [1], [0]),
    g.constant('int64', [1], [1]),
  ]);
  const flat = g.node('Reshape', [down, g.concat([batch, g.constant('int64', [1], [32])], 0)]);
  const mm = g.matMul(flat, g.initializer('w4', 'float32', [32, 5], filled(160)));
  const gemm = g.node(
    'Gemm',
    [mm, g.initializer('w5', 'float32', [7, 5], filled(35)), g.initializer('b5', 'float32', [7], filled(7))],
    {
      attributes: { transB: 1 },
    },
  );
  const probs = g.softmax(gemm);
  const scores = g.softmax(g.matMul(q, k));
  g.output(down, 'float32', undefined, 'down');
  g.output(probs, 'float32', undefined, 'probs');
  g.output(scores, 'float32', undefined, 'scores');
  return g.toModel();
}

const shapes = { x: [2, 3, 8, 8], q: [2, 5, 16, 8], k: [2, 5, 8, 16] };

describe('countFlops', () => {
  it('counts the dense operators by hand-computed formulas and the rest by the documented approximation', () => {
    const c = countFlops(smallGraph(), shapes);
    const conv = 2 * (2 * 4 * 4 * 4) * (3 * 3 * 3); // 2·|out|·C_in·kh·kw
    const grouped = 2 * (2 * 4 * 4 * 4) * 2; // C_in/group = 2, 1x1 kernel
    const convT = 2 * (2 * 4 * 4 * 4) * (2 * 2 * 2); // 2·|in|·(C_out/group)·kh·kw
    const matMul = 2 * 2 * 5 * 32;
    const gemm = 2 * 2 * 7 * 5;
    const attention = 2 * (2 * 5 * 16 * 16) * 8;
    expect(c.byOp).toEqual({
      Conv: conv + grouped,
      ConvTranspose: convT,
      MatMul: matMul + attention,
      Gemm: gemm,
      Softmax: 3 * (2 * 7) + 3 * (2 * 5 * 16 * 16),
    });
    expect(c.dense).toBe(conv + grouped + convT + matMul + gemm + attention);
    expect(c.total).toBe(c.dense + c.other);
  });

  it('scales the work with the input shapes', () => {
    const one = countFlops(smallGraph(), { x: [1, 3, 8, 8], q: [1, 5, 16, 8], k: [1, 5, 8, 16] });
    expect(countFlops(smallGraph(), shapes).total).toBe(2 * one.total);
  });
});

describe('inferShapes', () => {
  it("agrees with ONNX Runtime's output shapes, shape arithmetic included", async () => {
    const model = smallGraph();
    const inferred = inferShapes(model, shapes);
    const session = await ort.InferenceSession.create(encodeModel(model));
    try {
      const feeds = Object.fromEntries(
        Object.entries(shapes).map(([name, dims]) => [
          name,
          new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims),
        ]),
      );
      const out = await session.run(feeds);
      for (const name of ['down', 'probs', 'scores']) {
        expect(inferred.get(name)?.shape, name).toEqual(out[name]?.dims);
      }
    } finally {
      await session.release();
    }
  });

  it('rejects a missing input shape and an operator it has no rule for', () => {
    expect(() => inferShapes(smallGraph(), { x: [2, 3, 8, 8] })).toThrow(InvalidArgumentError);
    const g = new GraphBuilder();
    g.output(
      g.node('Einsum', [g.input('a', 'float32', [2])], { attributes: { equation: 'i->i' } }),
      'float32',
    );
    expect(() => inferShapes(g.toModel(), { a: [2] })).toThrow(UnsupportedModelError);
  });
});

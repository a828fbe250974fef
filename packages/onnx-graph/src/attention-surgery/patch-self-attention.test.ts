import {
  ATTENTION_MODULATION_INPUTS,
  type AttentionModulationConfigOverrides,
  attentionLevelGrids,
  attentionModulationFeeds,
  attentionModulationOffFeeds,
  attentionModulationScalars,
  computeAttentionLevelVectors,
  createTensor,
  modulateAttentionScores,
  resolveAttentionModulationConfig,
  type Tensor,
} from '@sow/core';
import { softmaxRows } from '@sow/test-kit';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../codec.js';
import { GraphBuilder } from '../graph-builder.js';
import { patchSelfAttention } from './patch-self-attention.js';

type Style = 'batch-major-3d' | 'sdpa-4d';
const DIM = 8;
const HEADS = 2;
const D = DIM / HEADS;

/** Deterministic uniform [0, 1) numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Self-attention `attn1` on `x` and cross-attention `attn2` on `ctx`. Outputs the cross-attention
 * probabilities and, for `attn1`, either its probabilities (`self_probs`) or its probabilities × V
 * (`self_out`) with V in head layout (`self_v`).
 */
function oneLayerModel(
  style: Style,
  selfOutput: 'probs' | 'attention' = 'probs',
  masked = false,
): Uint8Array {
  const g = new GraphBuilder('one_layer');
  const rand = random(7);
  const x = g.input('x', 'float32', ['batch', 'tokens', DIM]);
  // An additive mask `[S, S]` on the self-attention scores (a chain operand that is not a scalar).
  const mask = masked ? g.input('self_mask', 'float32', ['tokens', 'tokens']) : undefined;
  const addMask = (name: string, scores: string) =>
    name === 'attn1' && mask !== undefined ? g.add(scores, mask) : scores;
  const ctx = g.input('ctx', 'float32', ['batch', 5, DIM]);
  const weight = (name: string) =>
    g.initializer(
      name,
      'float32',
      [DIM, DIM],
      Float32Array.from({ length: DIM * DIM }, () => 2 * rand() - 1),
    );
  const probs = (name: string, kv: string) =>
    g.scope(name, () => {
      const q = g.matMul(x, weight(`${name}.to_q`));
      const k = g.matMul(kv, weight(`${name}.to_k`));
      const split = (t: string, perm: number[]) => g.transpose(g.reshape(t, [0, 0, HEADS, D]), perm);
      if (style === 'sdpa-4d') {
        const root = g.constant('float32', [], [Math.sqrt(1 / Math.sqrt(D))]);
        const p = g.softmax(
          g.matMul(g.mul(split(q, [0, 2, 1, 3]), root), g.mul(split(k, [0, 2, 3, 1]), root)),
        );
        return { p, v: split(g.matMul(kv, weight(`${name}.to_v`)), [0, 2, 1, 3]) };
      }
      const toBatch = (t: string) => {
        const int = (v: number) => g.constant('int64', [1], BigInt64Array.of(BigInt(v)));
        const seq = g.node('Slice', [g.node('Shape', [t]), int(1), int(2)]);
        return g.node('Reshape', [split(t, [0, 2, 1, 3]), g.concat([int(-1), seq, int(D)], 0)]);
      };
      const scores = g.mul(
        g.matMul(toBatch(q), g.transpose(toBatch(k), [0, 2, 1])),
        g.constant('float32', [], [1 / Math.sqrt(D)]),
      );
      return { p: g.softmax(addMask(name, scores)), v: toBatch(g.matMul(kv, weight(`${name}.to_v`))) };
    });
  const self = probs('attn1', x);
  if (selfOutput === 'probs') g.output(self.p, 'float32', undefined, 'self_probs');
  else {
    g.output(g.matMul(self.p, self.v), 'float32', undefined, 'self_out');
    g.output(self.v, 'float32', undefined, 'self_v');
  }
  g.output(probs('attn2', ctx).p, 'float32', undefined, 'cross_probs');
  return encodeModel(g.toModel());
}

async function run(bytes: Uint8Array, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const input: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      const t = feeds[name]!;
      input[name] = new ort.Tensor(t.dtype as 'float32', t.data as Float32Array, t.shape as number[]);
    }
    const out = await session.run(input);
    return Object.fromEntries(
      Object.entries(out).map(([k, v]) => [k, createTensor('float32', v.dims, v.data as Float32Array)]),
    );
  } finally {
    await session.release();
  }
}

/** Inputs `x` (batch 2, 24 tokens) and `ctx` of {@link oneLayerModel}, drawn from `rand`. */
function layerInputs(rand: () => number): Record<string, Tensor> {
  return {
    x: createTensor(
      'float32',
      [2, 24, DIM],
      Float32Array.from({ length: 2 * 24 * DIM }, () => 4 * rand() - 2),
    ),
    ctx: createTensor(
      'float32',
      [2, 5, DIM],
      Float32Array.from({ length: 2 * 5 * DIM }, () => rand()),
    ),
  };
}

function regionsFor(rows: number, cols: number, rand: () => number) {
  const mask = new Float32Array(rows * cols);
  const box = { x: 1, y: 0, width: Math.ceil(cols / 2), height: Math.ceil(rows / 2) };
  for (let y = box.y; y < box.y + box.height; y += 1) {
    for (let x = box.x; x < box.x + box.width; x += 1) mask[y * cols + x] = rand() < 0.9 ? 1 : 0;
  }
  return {
    conditionMask: createTensor('float32', [rows, cols], mask),
    conditionBox: box,
    relatedBox: { x: 0, y: 1, width: cols, height: rows - 1 },
  };
}

const settings: [Style, number, number[], AttentionModulationConfigOverrides, number, boolean][] = [
  ['batch-major-3d', 2, [1, 0], { tau: 0.1 }, 0, false],
  ['batch-major-3d', 4, [0, 1, 0.5, 1], { gate: 'off', lambdaSup: 0.9 }, 1, false],
  ['sdpa-4d', 2, [0, 1], { gate: 'binary', tau: 0.2, betaSup: 1 }, 2, false],
  ['sdpa-4d', 4, [1, 1, 0, 0.25], { tau: 0.05, sizeTerm: true, lambdaEnh: 1 }, 1, false],
  ['sdpa-4d', 2, [1, 0.5], { tau: 0.1, lambdaSup: 1 }, 1, true],
];
const cases = (['probs', 'attention'] as const).flatMap((output) =>
  settings.map((c) => [...c, output] as const),
);

/** Rows of `probs` `[G, S, S]` times `v` `[G, S, d]`, in float64. */
function probabilitiesTimesV(probs: Float64Array, v: Float32Array, s: number, d: number): Float64Array {
  const out = new Float64Array((probs.length / s) * d);
  for (let row = 0; row < probs.length / s; row += 1) {
    const group = Math.floor(row / s);
    for (let j = 0; j < s; j += 1) {
      const p = probs[row * s + j]!;
      for (let c = 0; c < d; c += 1) out[row * d + c]! += p * v[(group * s + j) * d + c]!;
    }
  }
  return out;
}

describe('patchSelfAttention on a one-attention-layer graph', () => {
  it.each(cases)(
    '%s, batch %i, strengths %j, overrides %j, level %i, masked %s, output %s: matches the plain-loop reference',
    async (style, batch, strengths, overrides, level, masked, output) => {
      const [latentRows, latentCols] = [8, 12];
      const grid = attentionLevelGrids(latentRows, latentCols)[level]!;
      const s = grid.rows * grid.cols;
      const rand = random(batch * 31 + level);
      const config = resolveAttentionModulationConfig(overrides);
      const regions = regionsFor(latentRows, latentCols, rand);
      const original = oneLayerModel(style, output, masked);
      const patched = patchSelfAttention(decodeModel(original), { diagnostics: true });
      expect(patched.layers.map((l) => [l.name, l.style, l.heads])).toEqual([['/attn1', style, HEADS]]);
      const feeds: Record<string, Tensor> = {
        x: createTensor(
          'float32',
          [batch, s, DIM],
          Float32Array.from({ length: batch * s * DIM }, () => 4 * rand() - 2),
        ),
        ctx: createTensor(
          'float32',
          [batch, 5, DIM],
          Float32Array.from({ length: batch * 5 * DIM }, () => rand() - 0.5),
        ),
        self_mask: createTensor(
          'float32',
          [s, s],
          Float32Array.from({ length: s * s }, () => -rand()),
        ),
        ...attentionModulationFeeds({ regions, cycle: 1, strengths }, config),
      };
      const out = await run(encodeModel(patched.model), feeds);
      const plain = await run(original, feeds);
      const diag = patched.diagnostics[0]!;
      const scores = out[diag.scores]!;
      expect(scores.shape).toEqual([batch, HEADS, s, s]);
      const vectors = computeAttentionLevelVectors(regions, grid, config);
      const ref = modulateAttentionScores(
        scores as Tensor<'float32'>,
        vectors,
        attentionModulationScalars(1, config),
        strengths,
        config.normEpsilon,
      );
      const name = output === 'probs' ? 'self_probs' : 'self_out';
      const expected =
        output === 'probs'
          ? softmaxRows(ref.scores.data, s)
          : probabilitiesTimesV(softmaxRows(ref.scores.data, s), out.self_v!.data as Float32Array, s, D);
      const got = out[name]!.data as Float32Array;
      let maxErr = 0;
      for (let i = 0; i < expected.length; i += 1)
        maxErr = Math.max(maxErr, Math.abs(got[i]! - expected[i]!));
      expect(maxErr).toBeLessThan(1e-5);
      // The modulation did something, and the diagnostic indicator and gate are the reference's.
      const unmodulated = plain[name]!.data as Float32Array;
      expect(Math.max(...got.map((v, i) => Math.abs(v - unmodulated[i]!)))).toBeGreaterThan(1e-3);
      const mass = out[diag.mass]!.data as Float32Array;
      for (let b = 0; b < batch; b += 1) {
        expect(mass[b * 4 + 2]).toBeCloseTo(ref.indicator[b]!, 5);
        expect(mass[b * 4 + 3]).toBeCloseTo(ref.gate[b]!, 5);
      }
      // Items with zero strength match the unpatched graph (up to the key order of the Softmax sums); the
      // cross-attention is bit-identical.
      const per = got.length / batch;
      strengths.forEach((v, b) => {
        if (v !== 0) return;
        const item = got.subarray(b * per, (b + 1) * per);
        const before = unmodulated.subarray(b * per, (b + 1) * per);
        expect(Math.max(...item.map((x, i) => Math.abs(x - before[i]!)))).toBeLessThan(5e-6);
      });
      expect(out.cross_probs!.data).toEqual(plain.cross_probs!.data);
    },
  );

  it('is bit-identical to the unpatched graph at zero strength', async () => {
    for (const style of ['batch-major-3d', 'sdpa-4d'] as const) {
      const original = oneLayerModel(style);
      const rand = random(3);
      const feeds: Record<string, Tensor> = {
        ...layerInputs(rand),
        ...attentionModulationOffFeeds(4, 6, 2),
      };
      const plain = await run(original, feeds);
      const out = await run(encodeModel(patchSelfAttention(decodeModel(original)).model), feeds);
      expect(out.self_probs!.data).toEqual(plain.self_probs!.data);
    }
  });

  it('leaves a level with no condition tokens or only condition tokens unmodulated', async () => {
    const original = oneLayerModel('sdpa-4d', 'attention');
    const patched = encodeModel(patchSelfAttention(decodeModel(original)).model);
    const rand = random(5);
    for (const fill of [0, 1]) {
      const regions = {
        conditionMask: createTensor('float32', [4, 6], new Float32Array(24).fill(fill)),
        conditionBox: { x: 0, y: 0, width: 6, height: 4 },
        relatedBox: { x: 0, y: 0, width: 6, height: 4 },
      };
      const feeds: Record<string, Tensor> = {
        x: createTensor(
          'float32',
          [1, 24, DIM],
          Float32Array.from({ length: 24 * DIM }, () => 4 * rand() - 2),
        ),
        ctx: createTensor('float32', [1, 5, DIM], new Float32Array(5 * DIM).fill(0.5)),
        ...attentionModulationFeeds(
          { regions, cycle: 0, strengths: [1] },
          resolveAttentionModulationConfig({ gate: 'off' }),
        ),
      };
      const out = await run(patched, feeds);
      expect(out.self_out!.data).toEqual((await run(original, feeds)).self_out!.data);
    }
  });

  it('computes the same modulation inside the If as inline (with diagnostics)', async () => {
    const original = decodeModel(oneLayerModel('batch-major-3d', 'attention'));
    const rand = random(9);
    const feeds: Record<string, Tensor> = {
      ...layerInputs(rand),
      ...attentionModulationFeeds(
        { regions: regionsFor(4, 6, rand), cycle: 0, strengths: [1, 0.5] },
        resolveAttentionModulationConfig({ tau: 0.1 }),
      ),
    };
    const gated = await run(encodeModel(patchSelfAttention(original).model), feeds);
    const inline = await run(encodeModel(patchSelfAttention(original, { diagnostics: true }).model), feeds);
    const plain = await run(encodeModel(original), feeds);
    expect(gated.self_out!.data).toEqual(inline.self_out!.data);
    expect(gated.self_out!.data).not.toEqual(plain.self_out!.data);
  });

  it('declares the modulation inputs of the @sow/core contract', () => {
    const patched = patchSelfAttention(decodeModel(oneLayerModel('sdpa-4d')));
    const names = patched.model.graph?.input?.map((i) => i.name);
    expect(names).toEqual(['x', 'ctx', ...Object.values(ATTENTION_MODULATION_INPUTS)]);
  });
});

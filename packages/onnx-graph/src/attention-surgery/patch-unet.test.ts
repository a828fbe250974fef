import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  attentionLevelGrids,
  attentionModulationFeeds,
  attentionModulationOffFeeds,
  attentionModulationScalars,
  castTensor,
  computeAttentionLevelVectors,
  createTensor,
  modulateAttentionScores,
  resolveAttentionModulationConfig,
  type Tensor,
} from '@sow/core';
import {
  ensureTestModels,
  softmaxRows,
  TEST_MODEL_SPECS,
  TEST_MODEL_VARIANTS,
  type TestModelVariant,
} from '@sow/test-kit';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../codec.js';
import { DataLocation } from '../constants.js';
import type { OnnxModel } from '../types.js';
import { patchSelfAttention } from './patch-self-attention.js';

const BATCH = 2;
const SIDE = 8;
const dirs = ensureTestModels();
const work = mkdtempSync(join(tmpdir(), 'sow-attn-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const mask = new Float32Array(SIDE * SIDE);
for (let y = 0; y < 4; y += 1) for (let x = 2; x < 6; x += 1) mask[y * SIDE + x] = 1;
const regions = {
  conditionMask: createTensor('float32', [SIDE, SIDE], mask),
  conditionBox: { x: 2, y: 0, width: 4, height: 4 },
  relatedBox: { x: 0, y: 2, width: 8, height: 6 },
};

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

/** Feeds for the UNet's own inputs, in the export's types, from its declared dims. */
function unetFeeds(model: OnnxModel): Record<string, Tensor> {
  const rand = seeded(11);
  const sizes: Record<string, number> = { channels: 4, height: SIDE, width: SIDE, steps: 1 };
  const feeds: Record<string, Tensor> = {};
  for (const input of model.graph?.input ?? []) {
    const type = input.type?.tensorType;
    const dims = (type?.shape?.dim ?? []).map(
      (d) => d.dimValue ?? sizes[d.dimParam ?? ''] ?? (d.dimParam?.startsWith('batch') ? BATCH : 77),
    );
    const n = dims.reduce((a, b) => a * b, 1);
    const name = input.name ?? '';
    if (type?.elemType === 7) {
      feeds[name] = createTensor('int64', dims, new Array<number>(n).fill(601));
      continue;
    }
    const values = Float32Array.from({ length: n }, () => (name === 'timestep' ? 601 : 2 * rand() - 1));
    const t = createTensor('float32', dims, values);
    feeds[name] = type?.elemType === 10 ? castTensor(t, 'float16') : t;
  }
  return feeds;
}

async function run(path: string, feeds: Record<string, Tensor>): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(path);
  try {
    const input: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      const t = feeds[name]!;
      input[name] = new ort.Tensor(t.dtype as 'float32', t.data as Float32Array, t.shape as number[]);
    }
    return await session.run(input);
  } finally {
    await session.release();
  }
}

/** Writes a (patched) UNet next to a copy of its external weights, so ONNX Runtime finds them. */
function place(variant: TestModelVariant, name: string, bytes: Uint8Array): string {
  const dir = join(work, `${variant}-${name}`);
  mkdirSync(dir, { recursive: true });
  const weights = join(dirs[variant], 'unet', 'weights.pb');
  if (existsSync(weights)) copyFileSync(weights, join(dir, 'weights.pb'));
  writeFileSync(join(dir, 'model.onnx'), bytes);
  return join(dir, 'model.onnx');
}

/** Mean over heads and the given queries of the probability mass each query puts on the given keys. */
function mass(
  probs: Float64Array,
  heads: number,
  s: number,
  queries: Float32Array,
  keys: Float32Array,
): number {
  let total = 0;
  let count = 0;
  for (let i = 0; i < s; i += 1) {
    if (queries[i] === 0) continue;
    count += 1;
    for (let h = 0; h < heads; h += 1) {
      for (let j = 0; j < s; j += 1) total += (probs[(h * s + i) * s + j]! * keys[j]!) / heads;
    }
  }
  return total / count;
}

describe.each(TEST_MODEL_VARIANTS)('patchSelfAttention on the generated %s UNet', (variant) => {
  const path = join(dirs[variant], 'unet', 'model.onnx');
  const original = decodeModel(new Uint8Array(readFileSync(path)));

  it('finds the five attn1 layers and leaves external weights referenced', () => {
    const patched = patchSelfAttention(original);
    expect(patched.layers.map((l) => l.name)).toEqual(
      ['down_blocks.0', 'down_blocks.1', 'mid_block', 'up_blocks.0', 'up_blocks.1'].map(
        (b) => `/${b}/attentions.0/transformer_blocks.0/attn1`,
      ),
    );
    expect(patched.layers.map((l) => [l.heads, l.style])).toEqual(
      [2, 4, 4, 4, 2].map((h) => [h, TEST_MODEL_SPECS[variant].attentionStyle]),
    );
    expect(new Set(patched.layers.map((l) => l.floatType))).toEqual(
      new Set([variant === 'fp16' ? 'float16' : 'float32']),
    );
    const external = (m: OnnxModel) =>
      (m.graph?.initializer ?? []).filter((t) => t.dataLocation === DataLocation.External).map((t) => t.name);
    expect(external(patched.model)).toEqual(external(original));
    if (variant === 'external-data') expect(external(original).length).toBeGreaterThan(0);
  });

  it('is bit-identical to the unpatched UNet at zero strength', async () => {
    const feeds = unetFeeds(original);
    const plain = await run(place(variant, 'plain', encodeModel(original)), feeds);
    const bytes = encodeModel(patchSelfAttention(original).model);
    const out = await run(place(variant, 'patched', bytes), {
      ...feeds,
      ...attentionModulationOffFeeds(SIDE, SIDE, BATCH),
    });
    expect(out.out_sample!.data).toEqual(plain.out_sample!.data);
  });

  it('lowers condition→outside and raises related→condition attention by the formula’s amounts', async () => {
    const config = resolveAttentionModulationConfig({ gate: 'off' });
    const strengths = [1, 0.5];
    const patched = patchSelfAttention(original, { diagnostics: true });
    const feeds = {
      ...unetFeeds(original),
      ...attentionModulationFeeds({ regions, cycle: 1, strengths }, config),
    };
    const out = await run(place(variant, 'diag', encodeModel(patched.model)), feeds);
    const tolerance = variant === 'fp16' ? 3e-3 : 1e-5;
    const scalars = attentionModulationScalars(1, config);
    for (const d of patched.diagnostics) {
      const scores = out[d.scores]!;
      const [, heads, s] = scores.dims as [number, number, number, number];
      const grid = attentionLevelGrids(SIDE, SIDE).find((g) => g.rows * g.cols === s)!;
      const v = computeAttentionLevelVectors(regions, grid, config);
      const related = v.box.map((b, i) => b * (1 - v.cond[i]!));
      const outside = v.cond.map((c) => 1 - c);
      const all = createTensor('float32', scores.dims, scores.data as Float32Array);
      const ref = modulateAttentionScores(all, v, scalars, strengths, config.normEpsilon);
      const got = out[d.mass]!.data as Float32Array;
      const per = heads * s * s;
      for (let b = 0; b < BATCH; b += 1) {
        const before = softmaxRows((all.data as Float32Array).subarray(b * per, (b + 1) * per), s);
        const after = softmaxRows(ref.scores.data.subarray(b * per, (b + 1) * per), s);
        const sup = [mass(before, heads, s, v.cond, outside), mass(after, heads, s, v.cond, outside)];
        const enh = [mass(before, heads, s, related, v.cond), mass(after, heads, s, related, v.cond)];
        expect(sup[1]!).toBeLessThan(sup[0]! - 1e-3);
        expect(enh[1]!).toBeGreaterThan(enh[0]! + 1e-3);
        expect(Math.abs(got[b * 4]! - sup[1]!)).toBeLessThan(tolerance);
        expect(Math.abs(got[b * 4 + 1]! - enh[1]!)).toBeLessThan(tolerance);
      }
    }
  });
});

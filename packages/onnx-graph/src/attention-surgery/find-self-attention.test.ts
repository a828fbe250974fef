import { UnsupportedModelError } from '@sow/core';
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../codec.js';
import { GraphBuilder } from '../graph-builder.js';
import { contentHash } from './content-hash.js';
import { findSelfAttention } from './find-self-attention.js';
import { patchSelfAttention } from './patch-self-attention.js';
import { attentionPatchKey, patchSelfAttentionBytes } from './patch-self-attention-bytes.js';

const DIM = 4;

/** SDPA-style attention from `x` to `kv` under `scope`, returning the Softmax output. */
function attend(g: GraphBuilder, scope: string, x: string, kv: string): string {
  return g.scope(scope, () => {
    const w = (n: string) =>
      g.initializer(`${scope}.${n}`, 'float32', [DIM, DIM], new Float32Array(DIM * DIM).fill(0.1));
    const q = g.transpose(g.reshape(g.matMul(x, w('q')), [0, 0, 2, 2]), [0, 2, 1, 3]);
    const k = g.transpose(g.reshape(g.matMul(kv, w('k')), [0, 0, 2, 2]), [0, 2, 3, 1]);
    return g.softmax(g.matMul(q, k));
  });
}

function model(build: (g: GraphBuilder, x: string, ctx: string) => string[], opset = 17) {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', ['batch', 'tokens', DIM]);
  const ctx = g.input('ctx', 'float32', ['batch', 3, DIM]);
  build(g, x, ctx).forEach((out, i) => {
    g.output(out, 'float32', undefined, `out${i}`);
  });
  return g.toModel({ opset });
}

describe('findSelfAttention', () => {
  it('decides self vs cross by structure (Q and K project the same tensor), not only by name', () => {
    const m = model((g, x, ctx) => [attend(g, 'self_no_name', x, x), attend(g, 'attn1', x, ctx)]);
    const layers = findSelfAttention(m);
    expect(layers.map((l) => [l.name, l.style, l.heads, l.floatType])).toEqual([
      ['/self_no_name', 'sdpa-4d', 2, 'float32'],
    ]);
  });

  it('lists what it found when there is no self-attention', () => {
    const m = model((g, x, ctx) => [attend(g, 'attn2', x, ctx), g.softmax(x)]);
    expect(() => findSelfAttention(m)).toThrow(UnsupportedModelError);
    expect(() => findSelfAttention(m)).toThrow(/found 2 Softmax node\(s\) \[\/attn2\/Softmax, \/Softmax\]/);
  });

  it('names a fused self-attention layer and what to re-export', () => {
    const m = model((g, x) => [
      g.node('MultiHeadAttention', [x, x, x], {
        domain: 'com.microsoft',
        name: '/down_blocks.0/attentions.0/transformer_blocks.0/attn1/MultiHeadAttention',
        attributes: { num_heads: 2 },
      }),
    ]);
    expect(() => findSelfAttention(m)).toThrow(
      /'\/down_blocks\.0\/attentions\.0\/transformer_blocks\.0\/attn1\/MultiHeadAttention' is fused.*--disable_attention/,
    );
  });
});

describe('patchSelfAttention input checks', () => {
  it('rejects an opset below 14 and a model patched twice', () => {
    expect(() => patchSelfAttention(model((g, x) => [attend(g, 'a', x, x)], 13))).toThrow(
      /opset must be ≥ 14, got 13/,
    );
    const once = patchSelfAttention(model((g, x) => [attend(g, 'a', x, x)])).model;
    expect(() => patchSelfAttention(once)).toThrow(/already has input 'sow_attn_vectors'/);
  });
});

describe('attentionPatchKey', () => {
  it('is a pure function of the bytes and options that changes with any byte', () => {
    const bytes = encodeModel(model((g, x) => [attend(g, 'a', x, x)]));
    const flipped = bytes.slice();
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] ?? 0) ^ 1;
    expect(attentionPatchKey(bytes)).toBe(attentionPatchKey(bytes.slice()));
    expect(attentionPatchKey(flipped)).not.toBe(attentionPatchKey(bytes));
    expect(attentionPatchKey(bytes, { diagnostics: true })).not.toBe(attentionPatchKey(bytes));
    expect(contentHash(new Uint8Array([1, 2, 3, 4, 5]))).not.toBe(
      contentHash(new Uint8Array([1, 2, 3, 4, 6])),
    );
    const patched = patchSelfAttentionBytes(bytes);
    expect(patched.key).toBe(attentionPatchKey(bytes));
    expect(decodeModel(patched.bytes).graph?.input?.length).toBe(6);
  });
});

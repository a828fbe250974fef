import { gelu, layerNorm, linear } from './layers.js';
import type { NetContext } from './net-context.js';

/**
 * How self- and cross-attention appear in the exported graph.
 * `'batch-major-3d'`: PyTorch-1 `AttnProcessor` (scores `[B·heads, S, T]`, a scale `Mul` between the QK
 * `MatMul` and `Softmax`). `'sdpa-4d'`: `scaled_dot_product_attention` exported as primitives (scores
 * `[B, heads, S, T]`, `Mul(√scale)` on Q and on K before the `MatMul`).
 * @see ../shared/spec/onnx-models.md section 3.2
 */
export type AttentionStyle = 'batch-major-3d' | 'sdpa-4d';

/** Shape of one attention module. */
export interface AttentionShape {
  /** Query width (channels). */
  readonly dim: number;
  /** Key/value source width: `dim` for self-attention, the text width for cross-attention. */
  readonly contextDim: number;
  /** Number of heads; the head width is `dim / heads`. */
  readonly heads: number;
}

function projection(c: NetContext, name: string, x: string, dIn: number, dOut: number): string {
  return c.scope(name, () => c.g.matMul(x, c.weight('weight', [dIn, dOut], 1 / Math.sqrt(dIn))));
}

/** `[B, S, C]` → `[B·h, S, d]` (diffusers `head_to_batch_dim`). */
function headToBatch(c: NetContext, t: string, heads: number, d: number): string {
  const split = c.g.transpose(c.g.node('Reshape', [t, c.ints([0, 0, heads, d])]), [0, 2, 1, 3]);
  const seq = c.g.node('Slice', [c.g.node('Shape', [t]), c.ints([1]), c.ints([2])]);
  return c.g.node('Reshape', [split, c.g.concat([c.ints([-1]), seq, c.ints([d])], 0)]);
}

/** `[B·h, S, d]` → `[B, S, C]` (diffusers `batch_to_head_dim`). */
function batchToHead(c: NetContext, t: string, heads: number, d: number): string {
  const seq = c.g.node('Slice', [c.g.node('Shape', [t]), c.ints([1]), c.ints([2])]);
  const split = c.g.node('Reshape', [t, c.g.concat([c.ints([-1, heads]), seq, c.ints([d])], 0)]);
  return c.g.node('Reshape', [c.g.transpose(split, [0, 2, 1, 3]), c.ints([0, 0, heads * d])]);
}

/**
 * One diffusers `Attention` module in the given export style: `to_q`/`to_k`/`to_v` (no bias), scores,
 * optional additive `mask` before the `Softmax`, probabilities × V, and `to_out.0` (with bias).
 * `context` is `undefined` for self-attention.
 */
export function attention(
  c: NetContext,
  name: string,
  x: string,
  context: string | undefined,
  shape: AttentionShape,
  style: AttentionStyle,
  mask?: string,
): string {
  return c.scope(name, () => {
    const { dim, contextDim, heads } = shape;
    const d = dim / heads;
    const kv = context ?? x;
    const q = projection(c, 'to_q', x, dim, dim);
    const k = projection(c, 'to_k', kv, contextDim, dim);
    const v = projection(c, 'to_v', kv, contextDim, dim);
    let merged: string;
    if (style === 'batch-major-3d') {
      const q3 = headToBatch(c, q, heads, d);
      const kT = c.g.transpose(headToBatch(c, k, heads, d), [0, 2, 1]);
      let scores = c.g.mul(c.g.matMul(q3, kT), c.constant([], [1 / Math.sqrt(d)]));
      if (mask !== undefined) scores = c.g.add(scores, mask);
      merged = batchToHead(c, c.g.matMul(c.g.softmax(scores, -1), headToBatch(c, v, heads, d)), heads, d);
    } else {
      const split = (t: string, perm: number[]) =>
        c.g.transpose(c.g.node('Reshape', [t, c.ints([0, 0, heads, d])]), perm);
      const rootScale = c.constant([], [Math.sqrt(1 / Math.sqrt(d))]);
      const q4 = c.g.mul(split(q, [0, 2, 1, 3]), rootScale);
      const k4 = c.g.mul(split(k, [0, 2, 3, 1]), rootScale);
      let scores = c.g.matMul(q4, k4);
      if (mask !== undefined) scores = c.g.add(scores, mask);
      const out = c.g.matMul(c.g.softmax(scores, -1), split(v, [0, 2, 1, 3]));
      merged = c.g.node('Reshape', [c.g.transpose(out, [0, 2, 1, 3]), c.ints([0, 0, dim])]);
    }
    return c.scope('to_out.0', () => {
      const y = c.g.matMul(merged, c.weight('weight', [dim, dim], 0.5 / Math.sqrt(dim)));
      return c.g.add(y, c.weight('bias', [dim], 0.02));
    });
  });
}

/** The body of a `BasicTransformerBlock`'s `ff` module: maps `x` (`[B, S, dim]`) to `[B, S, dim]`. */
export type FeedForward = (c: NetContext, x: string, dim: number) => string;

/** A GELU MLP with inner width `2·dim` (the tiny test UNet's feed-forward). */
export const geluFeedForward: FeedForward = (c, x, dim) => {
  const inner = c.scope('net.0', () => gelu(c, linear(c, 'proj', x, dim, dim * 2)));
  return linear(c, 'net.2', inner, dim * 2, dim, 0.5);
};

/**
 * diffusers' `FeedForward(dim, activation_fn='geglu')` (Stable Diffusion's): `net.0.proj` to `2·4·dim`,
 * `chunk(2)` exported as a `Split`, `hidden · GELU(gate)`, then `net.2` back to `dim`.
 */
export const gegluFeedForward: FeedForward = (c, x, dim) => {
  const inner = 4 * dim;
  const gated = c.scope('net.0', () => {
    const proj = linear(c, 'proj', x, dim, 2 * inner);
    const [hidden = '', gate = ''] = c.g.nodeOutputs('Split', [proj, c.ints([inner, inner])], {
      attributes: { axis: -1 },
      outputs: 2,
    });
    return c.g.mul(hidden, gelu(c, gate));
  });
  return linear(c, 'net.2', gated, inner, dim, 0.5);
};

/**
 * A `BasicTransformerBlock`: LayerNorm → `attn1` (self), LayerNorm → `attn2` (cross), LayerNorm → `ff`
 * (`feedForward`, default {@link geluFeedForward}).
 */
export function transformerBlock(
  c: NetContext,
  x: string,
  context: string,
  shape: AttentionShape,
  style: AttentionStyle,
  feedForward: FeedForward = geluFeedForward,
): string {
  const { dim, heads } = shape;
  return c.scope('transformer_blocks.0', () => {
    const self = { dim, contextDim: dim, heads };
    let h = c.g.add(x, attention(c, 'attn1', layerNorm(c, 'norm1', x, dim), undefined, self, style));
    h = c.g.add(h, attention(c, 'attn2', layerNorm(c, 'norm2', h, dim), context, shape, style));
    const normed = layerNorm(c, 'norm3', h, dim);
    return c.g.add(
      h,
      c.scope('ff', () => feedForward(c, normed, dim)),
    );
  });
}

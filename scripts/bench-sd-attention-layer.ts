// A bench subject for scripts/bench-attention.ts: one self-attention block shaped like SD 2.1 base's largest
// (down_blocks.0 attn1 at a 64x64 latent: 4096 tokens, 320 channels, 5 heads of width 64), exported in
// Optimum's SDPA style (to_q/to_k/to_v, Mul(sqrt scale) on Q and K, MatMul, Softmax, MatMul, to_out), with
// random weights. The generated test UNet has heads of width 8, so its attention is almost all score
// traffic and overstates the modulation's share; this layer shows the share at SD's real shape.
import { attentionModulationFeeds, attentionModulationOffFeeds, type Backend, type Tensor } from '@sow/core';
import {
  countFlops,
  encodeModel,
  GraphBuilder,
  type OnnxModel,
  patchSelfAttentionBytes,
} from '@sow/onnx-graph';
import type { BenchSubject, Variant } from './bench-attention-subject.js';

const CHANNELS = 320;
const HEADS = 5;
const HEAD = CHANNELS / HEADS;

/** Deterministic weights in [-0.05, 0.05) (mulberry32), small enough to keep softmax rows finite. */
function weights(seed: number, count: number): Float32Array {
  let a = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5) / 10;
  });
}

/** The block as an ONNX graph: input `hidden_states` [B, S, 320], output `out` [B, S, 320]. */
function layerModel(): OnnxModel {
  const g = new GraphBuilder('sd21_down0_attn1');
  const x = g.input('hidden_states', 'float32', ['batch', 'tokens', CHANNELS]);
  const out = g.scope('down_blocks.0', () =>
    g.scope('attentions.0', () =>
      g.scope('transformer_blocks.0', () =>
        g.scope('attn1', () => {
          let seed = 1;
          const linear = (name: string, t: string) =>
            g.matMul(t, g.initializer(name, 'float32', [CHANNELS, CHANNELS], weights(seed++, CHANNELS ** 2)));
          const split = (t: string, perm: number[]) => g.transpose(g.reshape(t, [0, 0, HEADS, HEAD]), perm);
          const root = g.constant('float32', [], [Math.sqrt(1 / Math.sqrt(HEAD))]);
          const q = g.mul(split(linear('to_q.weight', x), [0, 2, 1, 3]), root);
          const k = g.mul(split(linear('to_k.weight', x), [0, 2, 3, 1]), root);
          const v = split(linear('to_v.weight', x), [0, 2, 1, 3]);
          const heads = g.matMul(g.softmax(g.matMul(q, k)), v);
          const merged = g.reshape(g.transpose(heads, [0, 2, 1, 3]), [0, 0, CHANNELS]);
          return linear('to_out.0.weight', merged);
        }),
      ),
    ),
  );
  g.output(out, 'float32', ['batch', 'tokens', CHANNELS], 'out');
  return g.toModel();
}

/** SD 2.1's largest self-attention block at batch `batch` and a `latent`x`latent` grid. */
export function sdAttentionLayerSubject(batch: number, latent: number): BenchSubject {
  return {
    title: `one SD 2.1-shaped self-attention block (down_blocks.0 attn1: ${latent * latent} tokens, ${HEADS} heads of width ${HEAD}, random weights)`,
    flops: () => countFlops(layerModel(), { hidden_states: [batch, latent * latent, CHANNELS] }).total,
    async open(backend: Backend, patched: boolean) {
      const plain = encodeModel(layerModel());
      const session = await backend.loadSession({
        bytes: patched ? patchSelfAttentionBytes(plain).bytes : plain,
      });
      const tokens = latent * latent;
      const hidden: Tensor = {
        dtype: 'float32',
        shape: [batch, tokens, CHANNELS],
        data: weights(99, batch * tokens * CHANNELS).map((w) => 20 * w),
      };
      return {
        async call(variant: Variant, attention) {
          let extra: Record<string, Tensor> = {};
          if (variant === 'off') extra = attentionModulationOffFeeds(latent, latent, batch);
          if (variant === 'on') extra = attentionModulationFeeds(attention.request, attention.config);
          await session.run({ hidden_states: hidden, ...extra });
        },
        dispose: () => session.dispose(),
      };
    },
  };
}

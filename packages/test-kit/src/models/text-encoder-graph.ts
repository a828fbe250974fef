import { GraphBuilder } from '@sow/onnx-graph';
import { attention } from './attention.js';
import { layerNorm, linear } from './layers.js';
import { NetContext } from './net-context.js';
import { SeededRandom } from './seeded-random.js';
import { TEST_MODEL_SIZES, type TestModelSpec } from './test-model-variants.js';

/**
 * Builds the tiny CLIP text encoder: token embedding (49,408 × 4, projected to 32) + position embedding,
 * one pre-norm transformer layer with a causal mask and quick-GELU MLP, final LayerNorm →
 * `last_hidden_state`; `pooler_output` is the state at the highest token id (the end token), as in CLIP.
 */
export function buildTextEncoderGraph(spec: TestModelSpec, seed: number): GraphBuilder {
  const g = new GraphBuilder('text_encoder');
  const c = new NetContext(g, new SeededRandom(seed), spec.float);
  const { textWidth: d, tokenEmbeddingWidth: e, vocabSize, sequenceLength: n } = TEST_MODEL_SIZES;
  const optimum = spec.exporter === 'optimum';
  const batch = optimum ? 'batch_size' : 'batch';
  const seq = optimum ? 'sequence_length' : 'sequence';
  const ids = g.input('input_ids', spec.inputIds, [batch, seq]);
  const causal = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) causal[i * n + j] = -1e4;
  const [hidden, pooled] = c.scope('text_model', () => {
    let x = c.scope('embeddings', () => {
      const table = c.scope('token_embedding', () => c.weight('weight', [vocabSize, e], 1));
      const tokens = linear(c, 'token_projection', g.node('Gather', [table, ids]), e, d);
      return g.add(
        tokens,
        c.scope('position_embedding', () => c.weight('weight', [n, d], 0.5)),
      );
    });
    x = c.scope('encoder', () =>
      c.scope('layers.0', () => {
        const mask = c.constant([n, n], causal);
        const heads = { dim: d, contextDim: d, heads: 2 };
        const a = attention(
          c,
          'self_attn',
          layerNorm(c, 'layer_norm1', x, d),
          undefined,
          heads,
          'batch-major-3d',
          mask,
        );
        const h = g.add(x, a);
        const mlp = c.scope('mlp', () => {
          const f = linear(c, 'fc1', layerNorm(c, 'layer_norm2', h, d), d, 2 * d);
          const act = g.mul(f, g.node('Sigmoid', [g.mul(f, c.constant([], [1.702]))]));
          return linear(c, 'fc2', act, 2 * d, d, 0.5);
        });
        return g.add(h, mlp);
      }),
    );
    const last = layerNorm(c, 'final_layer_norm', x, d);
    const eos = g.node('ArgMax', [g.cast(ids, 'float32')], { attributes: { axis: -1, keepdims: 0 } });
    const pool = g.node('GatherND', [last, g.unsqueeze(eos, [1])], { attributes: { batch_dims: 1 } });
    return [last, pool];
  });
  g.output(hidden, spec.float, [batch, seq, d], 'last_hidden_state');
  g.output(pooled, spec.float, [batch, d], 'pooler_output');
  return g;
}

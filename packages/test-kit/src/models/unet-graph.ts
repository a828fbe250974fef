import { GraphBuilder } from '@sow/onnx-graph';
import { type AttentionStyle, transformerBlock } from './attention.js';
import { conv, groupNorm, linear, silu } from './layers.js';
import { NetContext } from './net-context.js';
import { SeededRandom } from './seeded-random.js';
import { TEST_MODEL_SIZES, type TestModelSpec } from './test-model-variants.js';

const GROUPS = 8;
const TIME_DIM = 128;

function resnet(c: NetContext, name: string, x: string, cIn: number, cOut: number, temb: string): string {
  return c.scope(name, () => {
    let h = conv(c, 'conv1', silu(c, groupNorm(c, 'norm1', x, cIn, GROUPS)), cIn, cOut, 3);
    const t = linear(c, 'time_emb_proj', silu(c, temb), TIME_DIM, cOut);
    h = c.g.add(h, c.g.unsqueeze(t, [2, 3]));
    h = conv(c, 'conv2', silu(c, groupNorm(c, 'norm2', h, cOut, GROUPS)), cOut, cOut, 3, 1, 0.5);
    const shortcut = cIn === cOut ? x : conv(c, 'conv_shortcut', x, cIn, cOut, 1);
    return c.g.add(shortcut, h);
  });
}

function transformer2d(
  c: NetContext,
  name: string,
  x: string,
  dim: number,
  heads: number,
  context: string,
  style: AttentionStyle,
): string {
  return c.scope(name, () => {
    const tokens = c.g.transpose(
      c.g.node('Reshape', [groupNorm(c, 'norm', x, dim, GROUPS), c.ints([0, dim, -1])]),
      [0, 2, 1],
    );
    let h = linear(c, 'proj_in', tokens, dim, dim);
    h = transformerBlock(c, h, context, { dim, contextDim: TEST_MODEL_SIZES.textWidth, heads }, style);
    h = c.g.transpose(linear(c, 'proj_out', h, dim, dim, 0.5), [0, 2, 1]);
    return c.g.add(c.g.node('Reshape', [h, c.g.node('Shape', [x])]), x);
  });
}

function timeEmbedding(c: NetContext, timestep: string, sample: string): string {
  const half = 16;
  const t = c.g.cast(c.g.node('Reshape', [timestep, c.ints([-1])]), c.float);
  const batch = c.g.node('Slice', [c.g.node('Shape', [sample]), c.ints([0]), c.ints([1])]);
  const tb = c.g.unsqueeze(c.g.node('Expand', [t, batch]), [1]);
  const freqs = Float32Array.from({ length: half }, (_, i) => Math.exp((-Math.log(10000) * i) / half));
  const args = c.g.mul(tb, c.constant([1, half], freqs));
  const emb = c.g.concat([c.g.node('Cos', [args]), c.g.node('Sin', [args])], -1);
  return c.scope('time_embedding', () => {
    const h = silu(c, linear(c, 'linear_1', emb, 2 * half, TIME_DIM));
    return linear(c, 'linear_2', h, TIME_DIM, TIME_DIM);
  });
}

/**
 * Builds the tiny UNet: sinusoidal time embedding, `conv_in`, two down blocks and two up blocks with
 * ResNets and transformer blocks (self-attention `attn1`, cross-attention `attn2`) at full and half
 * latent resolution, a mid block, and `conv_out`. H and W must be even.
 */
export function buildUnetGraph(spec: TestModelSpec, seed: number): GraphBuilder {
  const g = new GraphBuilder('unet');
  const c = new NetContext(g, new SeededRandom(seed), spec.float);
  const optimum = spec.exporter === 'optimum';
  const batch = optimum ? 'batch_size' : 'batch';
  const [c0, c1] = TEST_MODEL_SIZES.unetChannels;
  const [h0, h1] = TEST_MODEL_SIZES.unetHeads;
  const style = spec.attentionStyle;
  const sample = g.input('sample', spec.float, [batch, optimum ? 4 : 'channels', 'height', 'width']);
  const timestep =
    spec.timestep === 'int64-steps'
      ? g.input('timestep', 'int64', ['steps'])
      : g.input('timestep', spec.float, spec.timestep === 'float-scalar' ? [] : [batch]);
  const context = g.input('encoder_hidden_states', spec.float, [
    batch,
    optimum ? 'sequence_length' : 'sequence',
    TEST_MODEL_SIZES.textWidth,
  ]);
  const temb = timeEmbedding(c, timestep, sample);
  let h = conv(c, 'conv_in', sample, 4, c0, 3);
  const skip0 = c.scope('down_blocks.0', () => {
    const a = transformer2d(
      c,
      'attentions.0',
      resnet(c, 'resnets.0', h, c0, c0, temb),
      c0,
      h0,
      context,
      style,
    );
    h = c.scope('downsamplers.0', () => conv(c, 'conv', a, c0, c0, 3, 2));
    return a;
  });
  const skip1 = c.scope('down_blocks.1', () => {
    h = transformer2d(c, 'attentions.0', resnet(c, 'resnets.0', h, c0, c1, temb), c1, h1, context, style);
    return h;
  });
  h = c.scope('mid_block', () => {
    const r = resnet(c, 'resnets.0', h, c1, c1, temb);
    return resnet(c, 'resnets.1', transformer2d(c, 'attentions.0', r, c1, h1, context, style), c1, c1, temb);
  });
  h = c.scope('up_blocks.0', () => {
    const r = resnet(c, 'resnets.0', g.concat([h, skip1], 1), 2 * c1, c1, temb);
    const a = transformer2d(c, 'attentions.0', r, c1, h1, context, style);
    return c.scope('upsamplers.0', () => {
      const up = g.node('Resize', [a, '', g.constant('float32', [4], Float32Array.of(1, 1, 2, 2))], {
        attributes: { mode: 'nearest' },
      });
      return conv(c, 'conv', up, c1, c1, 3);
    });
  });
  h = c.scope('up_blocks.1', () => {
    const r = resnet(c, 'resnets.0', g.concat([h, skip0], 1), c1 + c0, c0, temb);
    return transformer2d(c, 'attentions.0', r, c0, h0, context, style);
  });
  const out = conv(c, 'conv_out', silu(c, groupNorm(c, 'conv_norm_out', h, c0, GROUPS)), c0, 4, 3);
  g.output(out, spec.float, [batch, optimum ? 4 : 'channels', 'height', 'width'], 'out_sample');
  return g;
}

import { GraphBuilder } from '@sow/onnx-graph';
import { conv, groupNorm, silu } from './layers.js';
import { NetContext } from './net-context.js';
import { SeededRandom } from './seeded-random.js';
import { TEST_MODEL_SIZES, type TestModelSpec } from './test-model-variants.js';
import {
  downsampler,
  resnetBlock,
  timeEmbedding,
  transformer2d,
  type UnetBlockConfig,
  upsampler,
} from './unet-blocks.js';

const GROUPS = 8;
const TIME_DIM = 128;

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
  const blocks: UnetBlockConfig = {
    groups: GROUPS,
    timeDim: TIME_DIM,
    contextDim: TEST_MODEL_SIZES.textWidth,
    style: spec.attentionStyle,
  };
  const temb = timeEmbedding(c, timestep, sample, 32, TIME_DIM);
  const resnet = (name: string, x: string, cIn: number, cOut: number) =>
    resnetBlock(c, blocks, name, x, cIn, cOut, temb);
  const attn = (name: string, x: string, dim: number, heads: number) =>
    transformer2d(c, blocks, name, x, dim, heads, context);
  let h = conv(c, 'conv_in', sample, 4, c0, 3);
  const skip0 = c.scope('down_blocks.0', () => {
    const a = attn('attentions.0', resnet('resnets.0', h, c0, c0), c0, h0);
    h = downsampler(c, a, c0);
    return a;
  });
  const skip1 = c.scope('down_blocks.1', () => {
    h = attn('attentions.0', resnet('resnets.0', h, c0, c1), c1, h1);
    return h;
  });
  h = c.scope('mid_block', () => {
    const r = resnet('resnets.0', h, c1, c1);
    return resnet('resnets.1', attn('attentions.0', r, c1, h1), c1, c1);
  });
  h = c.scope('up_blocks.0', () => {
    const r = resnet('resnets.0', g.concat([h, skip1], 1), 2 * c1, c1);
    return upsampler(c, attn('attentions.0', r, c1, h1), c1);
  });
  h = c.scope('up_blocks.1', () => {
    const r = resnet('resnets.0', g.concat([h, skip0], 1), c1 + c0, c0);
    return attn('attentions.0', r, c0, h0);
  });
  const out = conv(c, 'conv_out', silu(c, groupNorm(c, 'conv_norm_out', h, c0, GROUPS)), c0, 4, 3);
  g.output(out, spec.float, [batch, optimum ? 4 : 'channels', 'height', 'width'], 'out_sample');
  return g;
}

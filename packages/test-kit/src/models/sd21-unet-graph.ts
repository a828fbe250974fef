import { GraphBuilder, type OnnxModel } from '@sow/onnx-graph';
import { gegluFeedForward } from './attention.js';
import type { ExternalWeights } from './external-weights.js';
import { conv, groupNorm, silu } from './layers.js';
import { NetContext } from './net-context.js';
import { SeededRandom } from './seeded-random.js';
import {
  downsampler,
  resnetBlock,
  timeEmbedding,
  transformer2d,
  type UnetBlockConfig,
  upsampler,
} from './unet-blocks.js';

/**
 * The diffusers `UNet2DConditionModel` config of `stabilityai/stable-diffusion-2-1-base` that
 * {@link buildSd21Unet} follows (its `unet/config.json`, in the generator's terms).
 */
export const SD21_UNET_CONFIG = {
  /** `in_channels` and `out_channels`. */
  latentChannels: 4,
  /** `block_out_channels`. */
  blockOutChannels: [320, 640, 1280, 1280],
  /** `layers_per_block` (down blocks; up blocks have one more ResNet). */
  layersPerBlock: 2,
  /** `attention_head_dim`, which diffusers reads as the head count per block (heads of width 64). */
  heads: [5, 10, 20, 20],
  /** `cross_attention_dim`: the OpenCLIP ViT-H text width. */
  crossAttentionDim: 1024,
  /** `norm_num_groups`. */
  normGroups: 32,
} as const;

/**
 * Builds Stable Diffusion 2.1 base's UNet as Optimum exports it with SDPA attention, with random weights:
 * inputs `sample` `[batch_size, 4, height, width]`, `timestep` (float scalar), `encoder_hidden_states`
 * `[batch_size, sequence_length, 1024]`, output `out_sample`. The architecture is diffusers'
 * (`CrossAttnDownBlock2D` ×3 + `DownBlock2D`, `UNetMidBlock2DCrossAttn`, `UpBlock2D` +
 * `CrossAttnUpBlock2D` ×3, linear-projection transformers with GEGLU feed-forward, sinusoidal time
 * embedding 320 → 1280), with its module names, so the graph has SD 2.1's 16 self-attention layers and
 * its parameter count. Weights go into `weights` (an external data file: 3.5 GB of float32 cannot be inline,
 * protobuf stops at 2 GB); the returned model references them. Height and width must be multiples of 8.
 * Use it to time real-sized UNet work (e.g. the attention modulation's share) without the real weights.
 * @example
 * const weights = new ExternalWeights('model.onnx_data'); // shapes only
 * buildSd21Unet(weights);
 * weights.parameterCount; // 865910724
 */
export function buildSd21Unet(weights: ExternalWeights): OnnxModel {
  const { latentChannels, blockOutChannels, layersPerBlock, heads, crossAttentionDim, normGroups } =
    SD21_UNET_CONFIG;
  const g = new GraphBuilder('main_graph');
  const c = new NetContext(g, new SeededRandom(21), 'float32', weights);
  const base = blockOutChannels[0];
  const blocks: UnetBlockConfig = {
    groups: normGroups,
    timeDim: 4 * base,
    contextDim: crossAttentionDim,
    style: 'sdpa-4d',
    transformerNormEpsilon: 1e-6,
    feedForward: gegluFeedForward,
  };
  const sample = g.input('sample', 'float32', ['batch_size', latentChannels, 'height', 'width']);
  const timestep = g.input('timestep', 'float32', []);
  const context = g.input('encoder_hidden_states', 'float32', [
    'batch_size',
    'sequence_length',
    crossAttentionDim,
  ]);
  const temb = timeEmbedding(c, timestep, sample, base, blocks.timeDim);
  const resnet = (name: string, x: string, cIn: number, cOut: number) =>
    resnetBlock(c, blocks, name, x, cIn, cOut, temb);

  let h = conv(c, 'conv_in', sample, latentChannels, base, 3);
  let channels: number = base;
  const skips = [{ value: h, channels }];
  const last = blockOutChannels.length - 1;
  for (const [i, out] of blockOutChannels.entries()) {
    c.scope(`down_blocks.${i}`, () => {
      for (let j = 0; j < layersPerBlock; j++) {
        h = resnet(`resnets.${j}`, h, channels, out);
        channels = out;
        if (i < last) h = transformer2d(c, blocks, `attentions.${j}`, h, out, heads[i]!, context);
        skips.push({ value: h, channels });
      }
      if (i < last) {
        h = downsampler(c, h, out);
        skips.push({ value: h, channels });
      }
    });
  }
  h = c.scope('mid_block', () => {
    const r = resnet('resnets.0', h, channels, channels);
    const a = transformer2d(c, blocks, 'attentions.0', r, channels, heads[last]!, context);
    return resnet('resnets.1', a, channels, channels);
  });
  for (const [i, out] of [...blockOutChannels].reverse().entries()) {
    c.scope(`up_blocks.${i}`, () => {
      for (let j = 0; j <= layersPerBlock; j++) {
        const skip = skips.pop()!;
        h = resnet(`resnets.${j}`, g.concat([h, skip.value], 1), channels + skip.channels, out);
        channels = out;
        if (i > 0) h = transformer2d(c, blocks, `attentions.${j}`, h, out, heads[last - i]!, context);
      }
      if (i < last) h = upsampler(c, h, out);
    });
  }
  const normed = groupNorm(c, 'conv_norm_out', h, channels, normGroups);
  const out = conv(c, 'conv_out', silu(c, normed), channels, latentChannels, 3);
  g.output(out, 'float32', ['batch_size', latentChannels, 'height', 'width'], 'out_sample');
  const model = g.toModel();
  model.graph?.initializer?.push(...weights.initializers);
  return model;
}

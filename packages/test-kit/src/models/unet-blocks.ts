import { type AttentionStyle, type FeedForward, transformerBlock } from './attention.js';
import { conv, groupNorm, linear, silu } from './layers.js';
import type { NetContext } from './net-context.js';

/** What a UNet's ResNet and transformer blocks share: the generated tiny UNet's or SD 2.1's sizes. */
export interface UnetBlockConfig {
  /** `GroupNorm` groups (diffusers `norm_num_groups`). */
  readonly groups: number;
  /** Width of the time embedding every ResNet projects (`time_emb_proj` input). */
  readonly timeDim: number;
  /** Cross-attention key/value width (the text encoder's hidden width). */
  readonly contextDim: number;
  /** How attention is exported. */
  readonly style: AttentionStyle;
  /** Epsilon of each `Transformer2DModel`'s input `GroupNorm`; default 1e-5. */
  readonly transformerNormEpsilon?: number;
  /** The transformer blocks' feed-forward; default the GELU MLP of {@link transformerBlock}. */
  readonly feedForward?: FeedForward;
}

/**
 * A diffusers `ResnetBlock2D`: GroupNorm → SiLU → `conv1`, plus `time_emb_proj(SiLU(temb))` per channel,
 * GroupNorm → SiLU → `conv2`, and the residual (through a 1×1 `conv_shortcut` when the width changes).
 */
export function resnetBlock(
  c: NetContext,
  config: UnetBlockConfig,
  name: string,
  x: string,
  cIn: number,
  cOut: number,
  temb: string,
): string {
  const { groups, timeDim } = config;
  return c.scope(name, () => {
    let h = conv(c, 'conv1', silu(c, groupNorm(c, 'norm1', x, cIn, groups)), cIn, cOut, 3);
    const t = linear(c, 'time_emb_proj', silu(c, temb), timeDim, cOut);
    h = c.g.add(h, c.g.unsqueeze(t, [2, 3]));
    h = conv(c, 'conv2', silu(c, groupNorm(c, 'norm2', h, cOut, groups)), cOut, cOut, 3, 1, 0.5);
    const shortcut = cIn === cOut ? x : conv(c, 'conv_shortcut', x, cIn, cOut, 1);
    return c.g.add(shortcut, h);
  });
}

/**
 * A diffusers `Transformer2DModel` with `use_linear_projection` and one transformer block: GroupNorm,
 * `[B, C, H, W]` → `[B, H·W, C]`, `proj_in`, the block (self-attention `attn1`, cross-attention `attn2` on
 * `context`, feed-forward), `proj_out`, back to `[B, C, H, W]`, plus the input.
 */
export function transformer2d(
  c: NetContext,
  config: UnetBlockConfig,
  name: string,
  x: string,
  dim: number,
  heads: number,
  context: string,
): string {
  return c.scope(name, () => {
    const normed = groupNorm(c, 'norm', x, dim, config.groups, config.transformerNormEpsilon);
    const tokens = c.g.transpose(c.g.node('Reshape', [normed, c.ints([0, dim, -1])]), [0, 2, 1]);
    let h = linear(c, 'proj_in', tokens, dim, dim);
    const shape = { dim, contextDim: config.contextDim, heads };
    h = transformerBlock(c, h, context, shape, config.style, config.feedForward);
    h = c.g.transpose(linear(c, 'proj_out', h, dim, dim, 0.5), [0, 2, 1]);
    return c.g.add(c.g.node('Reshape', [h, c.g.node('Shape', [x])]), x);
  });
}

/**
 * diffusers' `Timesteps(flip_sin_to_cos=True, downscale_freq_shift=0)` then `TimestepEmbedding`: the
 * timestep (any shape, cast to float and broadcast to the batch of `sample`) as `[cos, sin]` of
 * `sinusoidWidth / 2` frequencies, then `linear_1` → SiLU → `linear_2` to `timeDim`.
 */
export function timeEmbedding(
  c: NetContext,
  timestep: string,
  sample: string,
  sinusoidWidth: number,
  timeDim: number,
): string {
  const half = sinusoidWidth / 2;
  const t = c.g.cast(c.g.node('Reshape', [timestep, c.ints([-1])]), c.float);
  const batch = c.g.node('Slice', [c.g.node('Shape', [sample]), c.ints([0]), c.ints([1])]);
  const tb = c.g.unsqueeze(c.g.node('Expand', [t, batch]), [1]);
  const freqs = Float32Array.from({ length: half }, (_, i) => Math.exp((-Math.log(10000) * i) / half));
  const args = c.g.mul(tb, c.constant([1, half], freqs));
  const emb = c.g.concat([c.g.node('Cos', [args]), c.g.node('Sin', [args])], -1);
  return c.scope('time_embedding', () => {
    const h = silu(c, linear(c, 'linear_1', emb, sinusoidWidth, timeDim));
    return linear(c, 'linear_2', h, timeDim, timeDim);
  });
}

/** A diffusers `Downsample2D` (`downsamplers.0`): a 3×3 `conv` with stride 2, keeping `channels`. */
export function downsampler(c: NetContext, x: string, channels: number): string {
  return c.scope('downsamplers.0', () => conv(c, 'conv', x, channels, channels, 3, 2));
}

/** A diffusers `Upsample2D` (`upsamplers.0`): nearest `Resize` ×2, then a 3×3 `conv` keeping `channels`. */
export function upsampler(c: NetContext, x: string, channels: number): string {
  return c.scope('upsamplers.0', () => {
    const up = c.g.node('Resize', [x, '', c.g.constant('float32', [4], Float32Array.of(1, 1, 2, 2))], {
      attributes: { mode: 'nearest' },
    });
    return conv(c, 'conv', up, channels, channels, 3);
  });
}

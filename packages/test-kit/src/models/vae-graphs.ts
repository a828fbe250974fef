import { GraphBuilder } from '@sow/onnx-graph';
import { conv, silu } from './layers.js';
import { NetContext } from './net-context.js';
import { SeededRandom } from './seeded-random.js';
import type { TestModelSpec } from './test-model-variants.js';

/**
 * Builds the tiny VAE encoder: three stride-2 convolutions (÷8), `conv_out` to mean‖logvar and
 * `quant_conv`. The Optimum form outputs all 8 channels as `latent_parameters`; the diffusers form outputs
 * `latent_sample` = the mean (deterministic here, whereas the real export samples inside the graph).
 */
export function buildVaeEncoderGraph(spec: TestModelSpec, seed: number): GraphBuilder {
  const g = new GraphBuilder('vae_encoder');
  const c = new NetContext(g, new SeededRandom(seed), spec.float);
  const optimum = spec.exporter === 'optimum';
  const sample = optimum
    ? g.input('sample', spec.float, ['batch_size', 3, 'sample_height', 'sample_width'])
    : g.input('sample', spec.float, ['batch', 'channels', 'height', 'width']);
  const moments = c.scope('encoder', () => {
    let h = conv(c, 'conv_in', sample, 3, 16, 3);
    const widths = [16, 32, 32];
    let cIn = 16;
    widths.forEach((w, i) => {
      h = silu(
        c,
        c.scope(`down_blocks.${i}`, () => c.scope('downsamplers.0', () => conv(c, 'conv', h, cIn, w, 3, 2))),
      );
      cIn = w;
    });
    return conv(c, 'conv_out', h, cIn, 8, 3, 1, 0.5);
  });
  const params = conv(c, 'quant_conv', moments, 8, 8, 1);
  if (spec.vaeOutput === 'latent_parameters') {
    const dims = optimum
      ? ['batch_size', 8, 'sample_height / 8', 'sample_width / 8']
      : ['batch', 8, 'height', 'width'];
    g.output(params, spec.float, dims, 'latent_parameters');
  } else {
    const mean = g.node('Slice', [params, c.ints([0]), c.ints([4]), c.ints([1])]);
    const dims = optimum
      ? ['batch_size', 4, 'sample_height / 8', 'sample_width / 8']
      : ['batch', 'channels', 'height', 'width'];
    g.output(mean, spec.float, dims, 'latent_sample');
  }
  return g;
}

/** Builds the tiny VAE decoder: `post_quant_conv`, three nearest ×2 upsamplings with convolutions, `Tanh`. */
export function buildVaeDecoderGraph(spec: TestModelSpec, seed: number): GraphBuilder {
  const g = new GraphBuilder('vae_decoder');
  const c = new NetContext(g, new SeededRandom(seed), spec.float);
  const optimum = spec.exporter === 'optimum';
  const latent = optimum
    ? g.input('latent_sample', spec.float, ['batch_size', 4, 'latent_height', 'latent_width'])
    : g.input('latent_sample', spec.float, ['batch', 'channels', 'height', 'width']);
  const z = conv(c, 'post_quant_conv', latent, 4, 4, 1);
  const image = c.scope('decoder', () => {
    let h = conv(c, 'conv_in', z, 4, 32, 3);
    const widths = [32, 16, 16];
    let cIn = 32;
    widths.forEach((w, i) => {
      h = c.scope(`up_blocks.${i}`, () =>
        c.scope('upsamplers.0', () => {
          const scales = g.constant('float32', [4], Float32Array.of(1, 1, 2, 2));
          const up = g.node('Resize', [h, '', scales], { attributes: { mode: 'nearest' } });
          return silu(c, conv(c, 'conv', up, cIn, w, 3));
        }),
      );
      cIn = w;
    });
    return g.node('Tanh', [conv(c, 'conv_out', h, cIn, 3, 3)]);
  });
  const dims = optimum
    ? ['batch_size', 3, 'latent_height * 8', 'latent_width * 8']
    : ['batch', 'channels', 'height', 'width'];
  g.output(image, spec.float, dims, 'sample');
  return g;
}

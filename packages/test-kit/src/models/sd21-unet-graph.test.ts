import { countFlops, findSelfAttention, type OnnxValueInfo } from '@sow/onnx-graph';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExternalWeights } from './external-weights.js';
import { buildSd21Unet } from './sd21-unet-graph.js';

/** diffusers `UNet2DConditionModel.from_pretrained('stabilityai/stable-diffusion-2-1-base', subfolder='unet').num_parameters()`. */
const PUBLISHED_SD2_UNET_PARAMETERS = 865_910_724;

/**
 * MACs of one SD U-Net forward at 512x512 (64x64 latent, batch 1) as BK-SDM reports them for SDM-v1.4's
 * U-Net (Kim et al., "BK-SDM: A Lightweight, Fast, and Cheap Version of Stable Diffusion", arXiv
 * 2305.15798): 339G. Their profiler counts the layers' multiply-adds (convolutions, linear projections),
 * not attention's two activation-by-activation products (Q·Kᵀ, scores·V). SD 2.1 base's U-Net has the same
 * blocks; its cross-attention K/V projections read 1024 instead of 768 features from 77 tokens (+0.5 GMAC),
 * inside the 1 GMAC tolerance below.
 */
const PUBLISHED_SD_UNET_MACS = 339e9;

describe('buildSd21Unet', () => {
  let weights: ExternalWeights;
  let model: ReturnType<typeof buildSd21Unet>;
  beforeAll(() => {
    weights = new ExternalWeights('model.onnx_data'); // shapes only: nothing is drawn or written
    model = buildSd21Unet(weights);
  });

  it('has the published SD 2.x UNet parameter count', () => {
    const counted = (model.graph?.initializer ?? []).reduce(
      (sum, t) => sum + (t.dims ?? []).reduce((a, b) => a * b, 1),
      0,
    );
    expect(counted).toBe(PUBLISHED_SD2_UNET_PARAMETERS);
    expect(weights.parameterCount).toBe(PUBLISHED_SD2_UNET_PARAMETERS);
    expect(weights.byteLength).toBeGreaterThanOrEqual(4 * PUBLISHED_SD2_UNET_PARAMETERS);
  });

  it('declares the Optimum SD 2.1 UNet inputs and output', () => {
    const io = (values: OnnxValueInfo[] | undefined) =>
      (values ?? []).map((v) => [
        v.name,
        (v.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimValue ?? d.dimParam),
      ]);
    expect(io(model.graph?.input)).toEqual([
      ['sample', ['batch_size', 4, 'height', 'width']],
      ['timestep', []],
      ['encoder_hidden_states', ['batch_size', 'sequence_length', 1024]],
    ]);
    expect(io(model.graph?.output)).toEqual([['out_sample', ['batch_size', 4, 'height', 'width']]]);
  });

  it("has SD 2.1's 16 self-attention layers (attn1 only), heads of width 64", () => {
    const layers = findSelfAttention(model);
    expect(layers.map((l) => l.name.split('/')[1])).toEqual([
      ...[
        'down_blocks.0',
        'down_blocks.0',
        'down_blocks.1',
        'down_blocks.1',
        'down_blocks.2',
        'down_blocks.2',
      ],
      'mid_block',
      ...['up_blocks.1', 'up_blocks.1', 'up_blocks.1', 'up_blocks.2', 'up_blocks.2', 'up_blocks.2'],
      ...['up_blocks.3', 'up_blocks.3', 'up_blocks.3'],
    ]);
    expect(layers.every((l) => l.name.endsWith('/transformer_blocks.0/attn1'))).toBe(true);
    expect(layers.every((l) => l.style === 'sdpa-4d' && l.floatType === 'float32')).toBe(true);
    expect(layers.map((l) => l.heads)).toEqual([5, 5, 10, 10, 20, 20, 20, 20, 20, 20, 10, 10, 10, 5, 5, 5]);
  });

  it("counts the published work per call (BK-SDM's MACs plus attention's products, closed form)", () => {
    const c = countFlops(model, {
      sample: [1, 4, 64, 64],
      timestep: [],
      encoder_hidden_states: [1, 77, 1024],
    });
    // Q·Kᵀ and scores·V per transformer block: 2·T²·C (self) and 2·T·77·C (cross) multiply-adds; 5 blocks
    // at each of the three attention levels (2 down, 3 up), 1 in the middle block.
    const levels = [
      [64 * 64, 320, 5],
      [32 * 32, 640, 5],
      [16 * 16, 1280, 5],
      [8 * 8, 1280, 1],
    ] as const;
    const attentionMacs = levels.reduce((sum, [t, ch, n]) => sum + n * (2 * t * t * ch + 2 * t * 77 * ch), 0);
    expect(Math.abs(c.dense / 2 - attentionMacs - PUBLISHED_SD_UNET_MACS)).toBeLessThan(1e9);
    expect(c.other / c.total).toBeLessThan(0.01); // the approximated part is small
  });
});

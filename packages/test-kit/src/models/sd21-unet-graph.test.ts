import { findSelfAttention, type OnnxValueInfo } from '@sow/onnx-graph';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExternalWeights } from './external-weights.js';
import { buildSd21Unet } from './sd21-unet-graph.js';

/** diffusers `UNet2DConditionModel.from_pretrained('stabilityai/stable-diffusion-2-1-base', subfolder='unet').num_parameters()`. */
const PUBLISHED_SD2_UNET_PARAMETERS = 865_910_724;

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
});

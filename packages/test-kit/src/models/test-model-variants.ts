import type { AttentionStyle } from './attention.js';
import type { FloatType } from './net-context.js';

/** Names of the generated test pipelines, one folder each. */
export const TEST_MODEL_VARIANTS = [
  'diffusers',
  'optimum',
  'optimum-legacy',
  'fp16',
  'external-data',
] as const;

/** One generated test pipeline; see {@link TEST_MODEL_SPECS} for what each one mimics. */
export type TestModelVariant = (typeof TEST_MODEL_VARIANTS)[number];

/** The exporter conventions a generated pipeline follows. */
export interface TestModelSpec {
  /** Whose I/O names and symbolic dimension names the graphs use. */
  readonly exporter: 'diffusers' | 'optimum';
  /** Float type of every graph (and of its float inputs and outputs). */
  readonly float: FloatType;
  /** UNet `timestep`: float `[batch]`, float scalar `[]` (in the graph's float type), or int64 `[steps]`. */
  readonly timestep: 'float-batch' | 'float-scalar' | 'int64-steps';
  /** Text encoder `input_ids` element type. */
  readonly inputIds: 'int32' | 'int64';
  /** VAE encoder output: the 4-channel `latent_sample` or the 8-channel `latent_parameters` (mean‖logvar). */
  readonly vaeOutput: 'latent_sample' | 'latent_parameters';
  /** How attention is exported in the UNet. */
  readonly attentionStyle: AttentionStyle;
  /** External weight file of the UNet, if any. */
  readonly unetExternalData?: 'weights.pb' | 'model.onnx_data';
}

/**
 * What each variant mimics. `diffusers`: diffusers' conversion script with PyTorch-1 attention;
 * `optimum`: current Optimum with SDPA attention; `optimum-legacy`: Optimum before Oct/Nov 2024 (int64
 * `[steps]` timestep, `latent_sample`), PyTorch-1 attention; `fp16`: Optimum `--dtype fp16`;
 * `external-data`: diffusers' script with SDPA attention and the UNet weights in `weights.pb`.
 * @see ../shared/spec/onnx-models.md section 1.8
 */
export const TEST_MODEL_SPECS: Readonly<Record<TestModelVariant, TestModelSpec>> = {
  diffusers: {
    exporter: 'diffusers',
    float: 'float32',
    timestep: 'float-batch',
    inputIds: 'int32',
    vaeOutput: 'latent_sample',
    attentionStyle: 'batch-major-3d',
  },
  optimum: {
    exporter: 'optimum',
    float: 'float32',
    timestep: 'float-scalar',
    inputIds: 'int64',
    vaeOutput: 'latent_parameters',
    attentionStyle: 'sdpa-4d',
  },
  'optimum-legacy': {
    exporter: 'optimum',
    float: 'float32',
    timestep: 'int64-steps',
    inputIds: 'int64',
    vaeOutput: 'latent_sample',
    attentionStyle: 'batch-major-3d',
  },
  fp16: {
    exporter: 'optimum',
    float: 'float16',
    timestep: 'float-scalar',
    inputIds: 'int64',
    vaeOutput: 'latent_parameters',
    attentionStyle: 'sdpa-4d',
  },
  'external-data': {
    exporter: 'diffusers',
    float: 'float32',
    timestep: 'float-batch',
    inputIds: 'int32',
    vaeOutput: 'latent_sample',
    attentionStyle: 'sdpa-4d',
    unetExternalData: 'weights.pb',
  },
};

/** Sizes shared by the generated graphs (tiny, so a pipeline is a few MB and runs in milliseconds). */
export const TEST_MODEL_SIZES = {
  /** Text encoder hidden width = UNet cross-attention width. */
  textWidth: 32,
  /** Width of the token-embedding table (projected to `textWidth`), kept small for file size. */
  tokenEmbeddingWidth: 4,
  /** CLIP vocabulary size. */
  vocabSize: 49408,
  /** Tokens per prompt. */
  sequenceLength: 77,
  /** UNet channels per resolution. */
  unetChannels: [16, 32],
  /** UNet attention heads per resolution. */
  unetHeads: [2, 4],
  /** UNet `sample_size` (latent side) written to `unet/config.json`. */
  sampleSize: 8,
} as const;

import { SD21_BASE_SCHEDULER_CONFIG } from '@sow/core';
import { TEST_MODEL_SIZES, type TestModelSpec } from './test-model-variants.js';

/** The JSON files of a generated pipeline folder, by relative path. */
export function pipelineConfigs(spec: TestModelSpec): Record<string, unknown> {
  const optimum = spec.exporter === 'optimum';
  const onnx = optimum ? ['optimum', 'ORTModel'] : ['diffusers', 'OnnxRuntimeModel'];
  const s = TEST_MODEL_SIZES;
  const vae = {
    _class_name: 'AutoencoderKL',
    in_channels: 3,
    out_channels: 3,
    latent_channels: 4,
    block_out_channels: [16, 32, 32, 32],
    sample_size: s.sampleSize * 8,
    scaling_factor: 0.18215,
  };
  const special = {
    bos_token: '<|startoftext|>',
    eos_token: '<|endoftext|>',
    pad_token: '!',
    unk_token: '<|endoftext|>',
  };
  return {
    'model_index.json': {
      _class_name: optimum ? 'ORTStableDiffusionPipeline' : 'OnnxStableDiffusionPipeline',
      _diffusers_version: '0.30.0',
      feature_extractor: [null, null],
      requires_safety_checker: false,
      safety_checker: [null, null],
      scheduler: ['diffusers', 'PNDMScheduler'],
      text_encoder: onnx,
      tokenizer: ['transformers', 'CLIPTokenizer'],
      unet: onnx,
      vae_decoder: onnx,
      vae_encoder: onnx,
    },
    'scheduler/scheduler_config.json': SD21_BASE_SCHEDULER_CONFIG,
    'tokenizer/special_tokens_map.json': special,
    'tokenizer/tokenizer_config.json': {
      ...special,
      add_prefix_space: false,
      clean_up_tokenization_spaces: true,
      do_lower_case: true,
      errors: 'replace',
      model_max_length: s.sequenceLength,
      tokenizer_class: 'CLIPTokenizer',
    },
    'text_encoder/config.json': {
      architectures: ['CLIPTextModel'],
      model_type: 'clip_text_model',
      hidden_size: s.textWidth,
      intermediate_size: 2 * s.textWidth,
      max_position_embeddings: s.sequenceLength,
      num_attention_heads: 2,
      num_hidden_layers: 1,
      vocab_size: s.vocabSize,
      torch_dtype: spec.float,
    },
    'unet/config.json': {
      _class_name: 'UNet2DConditionModel',
      attention_head_dim: [...s.unetHeads],
      block_out_channels: [...s.unetChannels],
      cross_attention_dim: s.textWidth,
      down_block_types: ['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D'],
      up_block_types: ['CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'],
      in_channels: 4,
      out_channels: 4,
      layers_per_block: 1,
      norm_num_groups: 8,
      sample_size: s.sampleSize,
      use_linear_projection: true,
      flip_sin_to_cos: true,
      freq_shift: 0,
    },
    'vae_encoder/config.json': vae,
    'vae_decoder/config.json': vae,
  };
}

export type { AttentionStyle } from './attention.js';
export { CLIP_BPE_PATH, clipTokenizerFiles } from './clip-tokenizer-files.js';
export { ensureTestModels, TEST_MODELS_CACHE_DIR, testModelDir } from './ensure-test-models.js';
export { ExternalWeights, type WeightWriter } from './external-weights.js';
export { generateTestPipeline, generateTestPipelineFiles } from './generate-test-pipeline.js';
export type { FloatType, WeightSink } from './net-context.js';
export { type PoisonOutputOptions, poisonOutput } from './poison-output.js';
export {
  SD21_UNET_GENERATOR_VERSION,
  type Sd21UnetFiles,
  writeSd21Unet,
} from './sd21-unet-files.js';
export { buildSd21Unet, SD21_UNET_CONFIG } from './sd21-unet-graph.js';
export {
  TEST_MODEL_SIZES,
  TEST_MODEL_SPECS,
  TEST_MODEL_VARIANTS,
  type TestModelSpec,
  type TestModelVariant,
} from './test-model-variants.js';

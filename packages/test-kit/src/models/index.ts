export type { AttentionStyle } from './attention.js';
export { CLIP_BPE_PATH, clipTokenizerFiles } from './clip-tokenizer-files.js';
export { ensureTestModels, TEST_MODELS_CACHE_DIR, testModelDir } from './ensure-test-models.js';
export { generateTestPipeline, generateTestPipelineFiles } from './generate-test-pipeline.js';
export type { FloatType } from './net-context.js';
export {
  TEST_MODEL_SIZES,
  TEST_MODEL_SPECS,
  TEST_MODEL_VARIANTS,
  type TestModelSpec,
  type TestModelVariant,
} from './test-model-variants.js';

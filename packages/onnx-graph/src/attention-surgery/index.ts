export { contentHash } from './content-hash.js';
export {
  findSelfAttention,
  type SelfAttentionLayer,
  type SelfAttentionStyle,
} from './find-self-attention.js';
export {
  type LoadSowModelsOptions,
  loadSowModels,
  type ModulatedUNetSourceOptions,
  modulatedUNetSource,
  type PatchedGraphCache,
} from './load-sow-models.js';
export {
  type AttentionDiagnosticOutputs,
  type AttentionPatchOptions,
  type PatchedAttentionModel,
  patchSelfAttention,
} from './patch-self-attention.js';
export {
  ATTENTION_SURGERY_VERSION,
  attentionPatchKey,
  type PatchedAttentionBytes,
  patchSelfAttentionBytes,
} from './patch-self-attention-bytes.js';

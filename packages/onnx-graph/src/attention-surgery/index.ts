export {
  findSelfAttention,
  type SelfAttentionLayer,
  type SelfAttentionStyle,
} from './find-self-attention.js';
export {
  type AttentionDiagnosticOutputs,
  type AttentionPatchOptions,
  type PatchedAttentionModel,
  patchSelfAttention,
} from './patch-self-attention.js';

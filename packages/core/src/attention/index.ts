export { type AttentionLevelGrid, attentionLevelGrids } from './attention-level-grids.js';
export {
  type AttentionBranches,
  type AttentionGate,
  type AttentionModulationConfig,
  type AttentionModulationConfigOverrides,
  DEFAULT_ATTENTION_MODULATION_CONFIG,
  type IndicatorTokens,
} from './attention-modulation-config.js';
export {
  ATTENTION_MODULATION_INPUTS,
  type AttentionModulationRequest,
  attentionBranchStrengths,
  attentionModulationFeeds,
  attentionModulationOffFeeds,
} from './attention-modulation-feeds.js';
export {
  type AttentionModulationScalars,
  attentionModulationScalars,
} from './attention-modulation-scalars.js';
export { type AttentionRegions, checkAttentionRegions, type LatentBox } from './attention-regions.js';
export {
  type AttentionLevelVectors,
  computeAttentionLevelVectors,
} from './compute-attention-level-vectors.js';
export { COW_CYCLE_TEXT_BRANCHES, cowCycleAttention } from './cow-cycle-attention.js';
export {
  createModulatedUNet,
  type ModulatedUNet,
  type ModulatedUNetInput,
  type UNetAttention,
} from './create-modulated-unet.js';
export {
  createSowPipeline,
  type SowGenerateOptions,
  type SowPipeline,
  type SowPipelineSettings,
  type SowResult,
  type SowSwitches,
} from './create-sow-pipeline.js';
export {
  type AttentionTokenVectors,
  INDICATOR_MIN_SUM,
  type ModulatedAttentionScores,
  modulateAttentionScores,
} from './modulate-attention-scores.js';
export { resolveAttentionModulationConfig } from './resolve-attention-modulation-config.js';
export { type SowAttentionRegionsArgs, sowAttentionRegions } from './sow-attention-regions.js';
export { sowUNetHook } from './sow-unet-hook.js';

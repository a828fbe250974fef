export {
  COW_REFERENCE_CONFIG,
  type CowBookkeeping,
  type CowBox,
  type CowConfig,
  type CowConfigOverrides,
  type CowMaskPolarity,
  type CowPreprocessing,
} from './cow-config.js';
export { type CowNoiseStreams, createCowNoiseStreams } from './cow-noise-streams.js';
export type {
  CowDecodeOp,
  CowDenoiseOp,
  CowInvertOp,
  CowLevel,
  CowOp,
  CowPhase,
  CowRenoiseOp,
  CowReplaceOp,
} from './cow-op.js';
export { COW_PRESETS, type CowPresetName } from './cow-presets.js';
export { cowSchedule } from './cow-schedule.js';
export { type CowScheduleSvgOptions, cowScheduleSvg } from './cow-schedule-svg.js';
export {
  type CowPhaseTotals,
  type CowScheduleTotals,
  cowOpBatchSize,
  cowScheduleTotals,
} from './cow-schedule-totals.js';
export type { CowUNetCall, CowUNetHook, CowUNetHookContext, CowUNetHookFactory } from './cow-unet-hook.js';
export {
  type CowGenerateOptions,
  type CowIntermediate,
  type CowPipeline,
  type CowResult,
  type CowTimings,
  createCowPipeline,
} from './create-cow-pipeline.js';
export {
  type CowSeed,
  type CreateCowSeedArgs,
  checkCowSeedInputs,
  createCowSeed,
} from './create-cow-seed.js';
export { type DdimMoveArgs, ddimMove } from './ddim-move.js';
export { formatCowSchedule } from './format-cow-schedule.js';
export { createInversionStore, type InversionStore } from './inversion-store.js';
export { regionCanvasMask } from './region-canvas-mask.js';
export { type CowRegion, replaceRegion } from './replace-region.js';
export { resolveCowConfig, resolveCowConfigAs } from './resolve-cow-config.js';
export {
  type CowEmbeddings,
  type CowLatentsEvent,
  type CowScheduleNoise,
  type CowScheduleResult,
  type RunCowScheduleOptions,
  runCowSchedule,
} from './run-cow-schedule.js';

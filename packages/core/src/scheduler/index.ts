export { addNoise } from './add-noise.js';
export {
  type DdimInverseStepArgs,
  type DdimInverseStepResult,
  ddimInverseStep,
} from './ddim-inverse-step.js';
export { type DdimStepArgs, type DdimStepResult, ddimStep } from './ddim-step.js';
export { ddimInverseTimesteps, ddimTimesteps } from './ddim-timesteps.js';
export { ddimVariance } from './ddim-variance.js';
export { alphaCumprodAt, createNoiseSchedule, type NoiseSchedule } from './noise-schedule.js';
export { renoise } from './renoise.js';
export {
  type BetaSchedule,
  type PredictionType,
  type SchedulerConfigInput,
  SD21_BASE_SCHEDULER_CONFIG,
  type TimestepSpacing,
} from './scheduler-config.js';

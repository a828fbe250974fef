export type { ProviderErrorPolicy } from './ask-stage.js';
export {
  callWithRetries,
  DEFAULT_MLLM_CALL_SETTINGS,
  isRetryableHttpStatus,
  type MllmCallSettings,
  type MllmFailure,
  resolveMllmCallSettings,
} from './call-with-retries.js';
export { DEFAULT_SCENE_CANVAS } from './check-plan-inputs.js';
export { encodeBase64 } from './encode-base64.js';
export type {
  JsonSchema,
  MllmImage,
  MllmModel,
  MllmPart,
  MllmRequest,
  MllmResponse,
} from './mllm-model.js';
export { MllmProviderError } from './mllm-provider-error.js';
export { MllmResponseError } from './mllm-response-error.js';
export { type NormalizedBox, normalizeConditionBox } from './normalize-condition-box.js';
export { normalizeRelatedBox } from './normalize-related-box.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { type PlanSceneOptions, planScene } from './plan-scene.js';
export { type PlanSceneOfflineOptions, planSceneOffline, referenceBox } from './plan-scene-offline.js';
export { type PlanSceneRandomOptions, planSceneRandom } from './plan-scene-random.js';
export { redactSecret } from './redact-secret.js';
export { relatedBoxBelow } from './related-box-below.js';
export type { FieldProvenance, SceneBox, SceneCanvas, ScenePlan, ScenePlanProvenance } from './scene-plan.js';
export { DEFAULT_SCENE_PLAN_CONFIG, type ScenePlanConfig } from './scene-plan-config.js';
export { type SideRange, sideRange } from './side-range.js';
export {
  DEFAULT_STAGE_PROMPTS,
  renderStagePrompt,
  STAGE_PROMPT_VARIABLES,
  type StagePrompts,
  type StagePromptVariables,
} from './stage-prompts.js';
export { STAGE_SCHEMAS } from './stage-schemas.js';

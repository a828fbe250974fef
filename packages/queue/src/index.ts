/**
 * `@sow/queue`: scale-out generation on BullMQ and Redis. API processes enqueue plain, validated
 * requests and follow them ({@link createGenerationQueue}); one worker process per GPU, on any number
 * of machines, runs them with the library's pipelines ({@link createGenerationWorker}); results go to a
 * shared store ({@link createFileResultStore} by default). Node only.
 * @packageDocumentation
 */
export {
  classifyFailure,
  type FailureClass,
  type FailureKind,
  PERMANENT_ERROR_CODES,
} from './classify-failure.js';
export { createFileResultStore } from './create-file-result-store.js';
export {
  createGenerationQueue,
  type EnqueueOptions,
  type GenerationQueue,
  type GenerationQueueSettings,
} from './create-generation-queue.js';
export {
  createGenerationWorker,
  type GenerationWorker,
  type GenerationWorkerCloseOptions,
  type GenerationWorkerSettings,
} from './create-generation-worker.js';
export { formatFailureReason, type GenerationFailure, parseFailureReason } from './failure-reason.js';
export { DEFAULT_GENERATION_LIMITS, type GenerationLimits } from './generation-limits.js';
export type { GenerationRecord, ImageFingerprint, WorkerIdentity } from './generation-record.js';
export type {
  CowRequest,
  GenerationMethod,
  GenerationRequest,
  GenerationRequestBase,
  ImageInput,
  SowPlanner,
  SowRequest,
  Txt2ImgRequest,
} from './generation-request.js';
export {
  type GenerationEvent,
  type GenerationState,
  type GenerationStatus,
  isFinalState,
} from './generation-status.js';
export { checkJobId } from './job-id.js';
export { parseRedisUrl } from './parse-redis-url.js';
export type { QueueLocation, RedisConnection } from './queue-settings.js';
export type { PutResultOutcome, ResultStore } from './result-store.js';
export { type GenerationRun, type RunGenerationArgs, runGeneration } from './run-generation.js';

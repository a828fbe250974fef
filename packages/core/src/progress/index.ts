export { createProgressTracker, type ProgressTracker } from './create-progress-tracker.js';
export type { ProgressCallback, ProgressEvent } from './progress-event.js';
export { throwIfAborted } from './throw-if-aborted.js';

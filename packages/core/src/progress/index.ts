export type { ProgressCallback, ProgressEvent } from './progress-event.js';
export { throwIfAborted } from './throw-if-aborted.js';

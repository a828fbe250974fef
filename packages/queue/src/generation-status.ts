import type { ProgressEvent } from '@sow/core';
import type { GenerationFailure } from './failure-reason.js';
import type { GenerationRecord } from './generation-record.js';

/** Where a job stands. `cancelled` and `failed` are final, as is `completed`. */
export type GenerationState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** What {@link GenerationQueue.status} reports about a job. */
export interface GenerationStatus {
  /** The job id. */
  readonly id: string;
  /** Where the job stands. */
  readonly state: GenerationState;
  /** The last progress event the pipeline sent (phase, step `completed`/`total`), once it runs. */
  readonly progress?: ProgressEvent;
  /** Attempts that have ended, failed or completed (a stalled run that was restarted is not one). */
  readonly attemptsMade: number;
  /** The result record, once completed. */
  readonly record?: GenerationRecord;
  /** Why it failed or that it was cancelled. */
  readonly error?: GenerationFailure;
}

/**
 * One item of {@link GenerationQueue.events}: a status whenever the state changes (the first item is the
 * current status; the stream ends after a final one), or a pipeline progress event, passed on unchanged.
 */
export type GenerationEvent =
  | {
      /** The job's state changed (or, first, what it is now). */
      readonly type: 'status';
      /** The new status. */
      readonly status: GenerationStatus;
    }
  | {
      /** The pipeline reported progress. */
      readonly type: 'progress';
      /** The pipeline's event, as the pipeline emitted it. */
      readonly event: ProgressEvent;
    };

/** True for the states a job never leaves. */
export function isFinalState(state: GenerationState): boolean {
  return state === 'completed' || state === 'failed' || state === 'cancelled';
}

import { SowError } from '@sow/core';
import type { GenerationFailure } from '@sow/queue';

/**
 * Thrown by the queue executor when a worker failed or cancelled an experiment's job: names the
 * experiment job, the queue job and the worker's failure (its code, e.g. `NUMERICAL`, and message).
 */
export class QueuedJobFailedError extends SowError {
  /** The experiment job's id. */
  readonly experimentJobId: string;
  /** The queue job's id. */
  readonly jobId: string;
  /** Why the worker failed it (`CANCELLED` when cancelled). */
  readonly failure: GenerationFailure;

  /** Builds the message `<experimentJobId>: queue job <jobId> <failed|was cancelled> [<code>] <message>`. */
  constructor(experimentJobId: string, jobId: string, failure: GenerationFailure) {
    const what = failure.code === 'CANCELLED' ? 'was cancelled' : 'failed';
    super(
      'JOB_FAILED',
      `${experimentJobId}: queue job ${jobId} ${what}: [${failure.code}] ${failure.message}`,
    );
    this.experimentJobId = experimentJobId;
    this.jobId = jobId;
    this.failure = failure;
  }
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { throwIfAborted } from '@sow/core';
import type { ExperimentExecutor, ExperimentJob } from '@sow/eval';
import {
  type GenerationQueue,
  type GenerationRequest,
  type GenerationStatus,
  isFinalState,
  type ResultStore,
  type SowPlanner,
} from '@sow/queue';
import { experimentOutput } from './experiment-output.js';
import { experimentRequest } from './experiment-request.js';
import { QueuedJobFailedError } from './queued-job-failed-error.js';

/** Options of {@link createQueueExecutor}. */
export interface QueueExecutorOptions {
  /** The generation queue the workers take jobs from. */
  readonly queue: GenerationQueue;
  /** The store the workers write to (condition images are put there as inputs). */
  readonly store: ResultStore;
  /** Who plans SOW scenes: `'mllm'` needs workers started with an MLLM; default `'offline'`. */
  readonly planner?: SowPlanner;
}

/** How many times a job id may be renewed after failed or cancelled runs. */
const MAX_RENEWALS = 100;

/**
 * An {@link ExperimentExecutor} that sends each job to `@sow/queue`'s generation queue and waits for a
 * worker (any machine) to run it: the job becomes the same pipeline request the local executor runs
 * ({@link experimentRequest}), the condition image goes to the store as an input, progress events come
 * back through `onProgress`, and the result image and record are read from the store.
 *
 * The queue job id is derived from the experiment job id and a hash of the request, so a resumed run
 * (or a second runner) finds the job already queued, running or done instead of adding it again. Only a
 * job whose earlier run failed or was cancelled (e.g. by Ctrl-C) gets a new id, `<id>.r<n>`.
 * Aborting the signal cancels the job; a job the worker fails rejects with {@link QueuedJobFailedError}.
 * @example
 * const executor = createQueueExecutor({ queue, store });
 * await runExperiment({ spec, specDir, outDir, executor });
 */
export function createQueueExecutor(options: QueueExecutorOptions): ExperimentExecutor {
  const { queue, store, planner = 'offline' } = options;
  const inputs = new Map<string, Promise<string>>();
  const inputKey = (path: string) => {
    let key = inputs.get(path);
    if (key === undefined) {
      key = readFile(path).then((bytes) => store.putInput(new Uint8Array(bytes)));
      inputs.set(path, key);
    }
    return key;
  };

  /** The first id in `base`, `base.r1`, ... whose job did not fail and was not cancelled. */
  const usableId = async (base: string): Promise<string> => {
    for (let n = 0; n <= MAX_RENEWALS; n++) {
      const id = n === 0 ? base : `${base}.r${n}`;
      const status = await queue.status(id);
      if (status === undefined || (status.state !== 'failed' && status.state !== 'cancelled')) return id;
    }
    throw new QueuedJobFailedError(base, `${base}.r${MAX_RENEWALS}`, {
      code: 'ERROR',
      message: `failed or was cancelled ${MAX_RENEWALS + 1} times`,
    });
  };

  return {
    async run(job, { signal, onProgress }) {
      throwIfAborted(signal);
      const pipelineRequest = experimentRequest(job);
      const request: GenerationRequest =
        pipelineRequest.method === 'txt2img'
          ? pipelineRequest
          : {
              ...pipelineRequest,
              image: { key: await inputKey(job.conditionPath) },
              ...(pipelineRequest.method === 'sow' ? { planner } : {}),
            };
      const id = await usableId(queueJobId(job, request));
      await queue.enqueue(request, { jobId: id, ...(signal === undefined ? {} : { signal }) });
      let final: GenerationStatus | undefined;
      try {
        for await (const e of queue.events(id, signal === undefined ? {} : { signal })) {
          if (e.type === 'progress') onProgress?.(e.event);
          else if (isFinalState(e.status.state)) final = e.status;
        }
      } catch (error) {
        if (signal?.aborted === true) await queue.cancel(id);
        throw error;
      }
      if (final?.state !== 'completed') {
        throw new QueuedJobFailedError(
          job.id,
          id,
          final?.error ?? { code: 'ERROR', message: 'the progress stream ended without a final state' },
        );
      }
      const [record, png] = await Promise.all([final.record ?? store.getRecord(id), store.getImage(id)]);
      if (record === undefined || png === undefined) {
        throw new QueuedJobFailedError(job.id, id, {
          code: 'ERROR',
          message: 'completed, but the store has no record or image for it',
        });
      }
      // The pipeline's times, plus the queue's: waiting for a worker, and the worker's whole run.
      const { queuedMs, runMs, pipeline } = record.timings;
      const timings = { ...pipeline, queuedMs, runMs };
      return experimentOutput(job, png, { ...record, timings });
    },
  };
}

/**
 * The queue job id of an experiment job: its id (cut to fit) and the first 16 hex digits of the
 * SHA-256 of the request, so two experiments that share job ids but not inputs never share results.
 */
function queueJobId(job: ExperimentJob, request: GenerationRequest): string {
  const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 16);
  return `${job.id.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 100)}-${hash}`;
}

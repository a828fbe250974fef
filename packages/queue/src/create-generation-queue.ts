import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, type ProgressEvent, throwIfAborted } from '@sow/core';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { parseFailureReason } from './failure-reason.js';
import { type GenerationJobData, toJobData } from './generation-job-data.js';
import { DEFAULT_GENERATION_LIMITS, type GenerationLimits } from './generation-limits.js';
import type { GenerationRequest, ImageInput } from './generation-request.js';
import { type GenerationEvent, type GenerationStatus, isFinalState } from './generation-status.js';
import { checkJobId } from './job-id.js';
import { type QueueLocation, queueNames, redisOptions } from './queue-settings.js';
import { type ResultStore, readImageInput } from './result-store.js';
import { validateGenerationRequest } from './validate-generation-request.js';

/** Construction settings of {@link createGenerationQueue}. */
export interface GenerationQueueSettings extends QueueLocation {
  /** The store workers write results to (and large inputs are read from). */
  readonly store: ResultStore;
  /** Bounds on requests, checked before anything is decoded; fields left out take the defaults. */
  readonly limits?: Partial<GenerationLimits>;
  /** Attempts per job for transient failures (permanent ones fail at once); default 3. */
  readonly attempts?: number;
  /** First retry delay in ms, doubled for each further one; default 2000. */
  readonly backoffMs?: number;
  /** How long finished jobs and cancel marks stay in Redis, in seconds; default 7 days. */
  readonly retentionSeconds?: number;
  /** Receives background errors (a lost Redis connection); default: stderr. */
  readonly onError?: (error: Error) => void;
}

/** Options of {@link GenerationQueue.enqueue}. */
export interface EnqueueOptions {
  /**
   * The job id; default a random UUID. Enqueueing again with the same id returns it without adding a
   * second job, so a caller that retries after a lost reply never runs the work twice.
   */
  readonly jobId?: string;
  /** Aborts validation. */
  readonly signal?: AbortSignal;
}

/** The producer side of scale-out generation: see {@link createGenerationQueue}. */
export interface GenerationQueue {
  /**
   * Validates a request with the pipelines' validators and queues it; returns the job id.
   * @throws InvalidArgumentError naming the field of a bad request, which is never queued.
   */
  enqueue(request: GenerationRequest, options?: EnqueueOptions): Promise<string>;
  /** Where a job stands, with its last progress event and, when done, its record; `undefined` if unknown. */
  status(id: string): Promise<GenerationStatus | undefined>;
  /**
   * Cancels a job: a queued one never runs, a running one stops at its next model call. Returns the
   * status after the request (a job that finished first stays finished); `undefined` if unknown.
   */
  cancel(id: string): Promise<GenerationStatus | undefined>;
  /**
   * A job's status changes and the pipeline's progress events as they happen, ending after the final
   * status. The first item is the current status.
   * @throws InvalidArgumentError when no job has the id.
   */
  events(id: string, options?: { readonly signal?: AbortSignal }): AsyncIterable<GenerationEvent>;
  /** Closes the Redis connections. */
  close(): Promise<void>;
}

const FN = 'GenerationQueue.enqueue';
const QUEUED_STATES = ['waiting', 'delayed', 'prioritized', 'waiting-children'];
const RECHECK_MS = 2000;
const WATCHED = ['active', 'waiting', 'delayed', 'completed', 'failed', 'removed', 'stalled'] as const;

/**
 * Connects to the generation queue as a producer: API processes enqueue validated requests, read their
 * status and results, cancel them and follow their progress, while workers on any number of machines
 * ({@link createGenerationWorker}) run them. Built on BullMQ; requests and results are plain data.
 * @example
 * const queue = createGenerationQueue({ connection: { host: '127.0.0.1', port: 6379 }, store });
 * const id = await queue.enqueue({ method: 'txt2img', prompt: 'a photo of a cat', seed: 42 });
 * for await (const e of queue.events(id)) if (e.type === 'progress') console.log(e.event);
 * const { record } = (await queue.status(id))!;
 */
export function createGenerationQueue(settings: GenerationQueueSettings): GenerationQueue {
  const { store, attempts = 3, backoffMs = 2000, retentionSeconds = 7 * 24 * 3600 } = settings;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new InvalidArgumentError('createGenerationQueue', 'attempts', 'an integer ≥ 1', attempts);
  }
  const limits: GenerationLimits = { ...DEFAULT_GENERATION_LIMITS, ...settings.limits };
  const onError =
    settings.onError ?? ((error: Error) => process.stderr.write(`sow queue: ${error.message}\n`));
  const names = queueNames(settings);
  const queue = new Queue<GenerationJobData, unknown, string>(names.queueName, {
    connection: redisOptions(settings.connection),
    prefix: names.prefix,
  });
  queue.on('error', onError);
  const redis = new Redis(redisOptions(settings.connection));
  redis.on('error', onError);
  let events: Promise<QueueEvents> | undefined;
  const queueEvents = () => {
    events ??= (async () => {
      const qe = new QueueEvents(names.queueName, {
        connection: redisOptions(settings.connection, true),
        prefix: names.prefix,
        lastEventId: `${Date.now()}-0`,
      });
      qe.on('error', onError);
      qe.setMaxListeners(0);
      await qe.waitUntilReady();
      return qe;
    })();
    return events;
  };

  const readInput = (input: ImageInput, argument: string) => readImageInput(store, input, FN, argument);

  const status = async (id: string): Promise<GenerationStatus | undefined> => {
    checkJobId('GenerationQueue.status', 'id', id);
    // The state first, then the job: a job read before its state could predate a failure the state
    // already shows, and lack the failed reason that carries the code.
    const [state, cancelled] = await Promise.all([queue.getJobState(id), redis.exists(names.cancelKey(id))]);
    const job = state === 'unknown' ? undefined : await queue.getJob(id);
    const attemptsMade = job?.attemptsMade ?? 0;
    const progress =
      typeof job?.progress === 'object' && job.progress !== null
        ? (job.progress as ProgressEvent)
        : undefined;
    const base = { id, attemptsMade, ...(progress === undefined ? {} : { progress }) };
    if (state === 'completed' || state === 'unknown') {
      const record = await store.getRecord(id);
      if (record !== undefined) return { ...base, state: 'completed', record };
      if (state === 'completed') return { ...base, state: 'completed' };
      if (cancelled === 1) {
        return {
          ...base,
          state: 'cancelled',
          error: { code: 'CANCELLED', message: 'cancelled before it ran' },
        };
      }
      return undefined;
    }
    if (state === 'failed') {
      const error = parseFailureReason(job?.failedReason ?? '');
      return { ...base, state: error.code === 'CANCELLED' ? 'cancelled' : 'failed', error };
    }
    if (state === 'active') return { ...base, state: 'running' };
    return { ...base, state: 'queued' };
  };

  return {
    async enqueue(request, options = {}) {
      const jobId = options.jobId === undefined ? randomUUID() : checkJobId(FN, 'jobId', options.jobId);
      throwIfAborted(options.signal);
      const ready = await validateGenerationRequest(request, limits, readInput, FN);
      throwIfAborted(options.signal);
      await queue.add('generate', toJobData(ready), {
        jobId,
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        removeOnComplete: { age: retentionSeconds },
        removeOnFail: { age: retentionSeconds },
      });
      return jobId;
    },

    status,

    async cancel(id) {
      const before = await status(id);
      if (before === undefined || isFinalState(before.state)) return before;
      await redis.set(names.cancelKey(id), '1', 'EX', retentionSeconds);
      const job = await queue.getJob(id);
      if (job !== undefined && QUEUED_STATES.includes(await job.getState())) await queue.remove(id);
      await redis.publish(names.cancelChannel, id);
      return status(id);
    },

    events(id, options = {}) {
      const { signal } = options;
      return {
        async *[Symbol.asyncIterator]() {
          const qe = await queueEvents();
          const pending: (GenerationEvent | 'changed')[] = [];
          let wake: (() => void) | undefined;
          const push = (item: GenerationEvent | 'changed') => {
            pending.push(item);
            wake?.();
          };
          const onProgress = (args: { jobId: string; data: unknown }) => {
            if (args.jobId === id && typeof args.data === 'object' && args.data !== null) {
              push({ type: 'progress', event: args.data as ProgressEvent });
            }
          };
          const onChange = (args: { jobId: string }) => {
            if (args.jobId === id) push('changed');
          };
          const onAbort = () => wake?.();
          qe.on('progress', onProgress);
          for (const name of WATCHED) qe.on(name, onChange);
          signal?.addEventListener('abort', onAbort);
          try {
            let last = await status(id);
            if (last === undefined) {
              throw new InvalidArgumentError('GenerationQueue.events', 'id', 'the id of a known job', id);
            }
            yield { type: 'status', status: last };
            while (!isFinalState(last.state)) {
              while (pending.length === 0) {
                throwIfAborted(signal);
                let timer: ReturnType<typeof setTimeout> | undefined;
                await new Promise<void>((resolve) => {
                  wake = resolve;
                  // Re-read the status now and then: an event lost with a Redis restart cannot stall the stream.
                  timer = setTimeout(() => push('changed'), RECHECK_MS);
                });
                clearTimeout(timer);
                wake = undefined;
              }
              const item = pending.shift()!;
              if (item !== 'changed') {
                yield item;
                continue;
              }
              const now = await status(id);
              if (now !== undefined && now.state !== last.state) {
                last = now;
                yield { type: 'status', status: now };
              }
            }
          } finally {
            qe.off('progress', onProgress);
            for (const name of WATCHED) qe.off(name, onChange);
            signal?.removeEventListener('abort', onAbort);
          }
        },
      };
    },

    async close() {
      const qe = await events;
      await Promise.all([queue.close(), qe?.close()]);
      redis.disconnect();
    },
  };
}

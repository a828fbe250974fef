import { hostname } from 'node:os';
import { encodePng } from '@sow/backend-ort-node';
import {
  InvalidArgumentError,
  type MllmModel,
  type ProgressEvent,
  type StableDiffusionModels,
} from '@sow/core';
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { classifyFailure } from './classify-failure.js';
import { formatFailureReason } from './failure-reason.js';
import { fromJobData, type GenerationJobData } from './generation-job-data.js';
import type { GenerationRecord, WorkerIdentity } from './generation-record.js';
import type { GenerationRequest, ImageInput } from './generation-request.js';
import { type QueueLocation, queueNames, redisOptions } from './queue-settings.js';
import { type ResultStore, readImageInput } from './result-store.js';
import { runGeneration } from './run-generation.js';
import { sha256Hex } from './sha256-hex.js';

/** Construction settings of {@link createGenerationWorker}. */
export interface GenerationWorkerSettings extends QueueLocation {
  /** Loads the models once for this process (e.g. `loadStableDiffusionFromDir` on this GPU). */
  readonly loadModels: (signal?: AbortSignal) => Promise<StableDiffusionModels>;
  /** Where results go; the same store the queue's callers read. */
  readonly store: ResultStore;
  /** The MLLM for SOW requests with `planner: 'mllm'`. */
  readonly mllm?: MllmModel;
  /** Jobs run at once on the loaded models; default 1 (one worker process per GPU). */
  readonly concurrency?: number;
  /** Name stored with each job and record; default `<hostname>:<pid>`. */
  readonly name?: string;
  /**
   * How long a job's lock lives without renewal (ms; renewed at half of it); default 30000. A worker that
   * dies leaves its job locked this long before another worker may take it over.
   */
  readonly lockDuration?: number;
  /** How often this worker looks for stalled jobs (ms); default 30000. */
  readonly stalledInterval?: number;
  /** How many times a job may stall and be restarted before it fails; default 1. */
  readonly maxStalledCount?: number;
  /** Aborts model loading. */
  readonly signal?: AbortSignal;
  /** Receives background errors (lost Redis connection, a failed progress write); default: stderr. */
  readonly onError?: (error: Error) => void;
}

/** Options of {@link GenerationWorker.close}. */
export interface GenerationWorkerCloseOptions {
  /**
   * How long to let running jobs finish (ms). After it, they are aborted at the next model call and
   * handed back to the queue (waiting, not failed, no attempt used) for another worker. Default: no limit.
   */
  readonly timeoutMs?: number;
}

/** A running worker: see {@link createGenerationWorker}. */
export interface GenerationWorker {
  /** Who this worker is, as stored in records. */
  readonly identity: WorkerIdentity;
  /** The loaded models. */
  readonly models: StableDiffusionModels;
  /** Stops taking jobs, finishes or hands back the running ones, disposes the models. */
  close(options?: GenerationWorkerCloseOptions): Promise<void>;
}

const SHUTDOWN = 'sow:worker-shutdown';
const CANCELLED = 'sow:cancelled';

/**
 * Starts a generation worker: loads the models once, then takes jobs from the queue and runs them with
 * the library's pipelines, streaming their progress events to the job and storing the image and record.
 * Run one worker process per GPU; any number of machines may share one Redis and one store. A job whose
 * worker dies is taken over by another after its lock expires (BullMQ's stalled-job recovery); the
 * store keeps the first result, so a result is never written twice. Permanent errors (bad input,
 * unusable model, non-finite numbers) fail the job at once; transient ones are retried with backoff.
 * A cancel request aborts the running pipeline at its next model call.
 * @example
 * const backend = await createOrtNodeBackend({ device: 'cuda' });
 * const worker = await createGenerationWorker({
 *   connection: { host: 'redis.internal', port: 6379 },
 *   store: createFileResultStore('/srv/sow'),
 *   loadModels: () => loadStableDiffusionFromDir('/models/sd21', { backend }),
 * });
 * process.on('SIGTERM', () => worker.close({ timeoutMs: 30_000 }));
 */
export async function createGenerationWorker(settings: GenerationWorkerSettings): Promise<GenerationWorker> {
  const { store, mllm, concurrency = 1 } = settings;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidArgumentError('createGenerationWorker', 'concurrency', 'an integer ≥ 1', concurrency);
  }
  const onError =
    settings.onError ?? ((error: Error) => process.stderr.write(`sow worker: ${error.message}\n`));
  const names = queueNames(settings);
  const identity: WorkerIdentity = {
    name: settings.name ?? `${hostname()}:${process.pid}`,
    hostname: hostname(),
    pid: process.pid,
  };
  const models = await settings.loadModels(settings.signal);
  const redis = new Redis(redisOptions(settings.connection));
  redis.on('error', onError);
  const subscriber = new Redis(redisOptions(settings.connection));
  subscriber.on('error', onError);

  const readInput = async (input: ImageInput | undefined, argument: string) =>
    input === undefined
      ? undefined
      : { bytes: await readImageInput(store, input, 'GenerationWorker', argument) };

  const processor = async (job: Job<GenerationJobData>, token?: string, signal?: AbortSignal) => {
    const id = job.id as string;
    const done = await store.getRecord(id);
    if (done !== undefined) return { sha256: done.image.sha256 };
    if ((await redis.exists(names.cancelKey(id))) === 1) {
      throw new UnrecoverableError(
        formatFailureReason({ code: 'CANCELLED', message: 'cancelled before it ran' }),
      );
    }
    const started = Date.now();
    let writes = Promise.resolve();
    const onProgress = (event: ProgressEvent) => {
      if (event.type === 'preview') return;
      writes = writes.then(() => job.updateProgress(event)).catch(onError);
    };
    try {
      const data = fromJobData(job.data);
      const image = await readInput((data as { image?: ImageInput }).image, 'image');
      const mask = await readInput((data as { mask?: ImageInput }).mask, 'mask');
      const request = {
        ...data,
        ...(image === undefined ? {} : { image }),
        ...(mask === undefined ? {} : { mask }),
      } as GenerationRequest & { seed: number | string };
      const run = await runGeneration({
        models,
        request,
        ...(mllm === undefined ? {} : { mllm }),
        ...(signal === undefined ? {} : { signal }),
        onProgress,
      });
      const png = encodePng(run.image);
      const finished = Date.now();
      const record: GenerationRecord = {
        id,
        method: request.method,
        prompt: request.prompt,
        seed: request.seed,
        noise: run.noise,
        config: run.config,
        ...(run.plan === undefined ? {} : { plan: run.plan }),
        ...(run.switches === undefined ? {} : { switches: run.switches }),
        ...(run.attention === undefined ? {} : { attention: run.attention }),
        inputs: run.inputs,
        image: {
          sha256: sha256Hex(png),
          bytes: png.length,
          width: run.image.width,
          height: run.image.height,
        },
        device: run.device,
        unetCalls: run.unetCalls,
        warnings: run.warnings,
        worker: identity,
        attempt: job.attemptsMade + 1,
        timings: {
          queuedMs: (job.processedOn ?? started) - job.timestamp,
          runMs: finished - started,
          pipeline: run.timings,
        },
        at: {
          enqueued: new Date(job.timestamp).toISOString(),
          started: new Date(started).toISOString(),
          finished: new Date(finished).toISOString(),
        },
      };
      await writes;
      const stored = await store.putResult(id, png, record);
      return { sha256: stored.record.image.sha256 };
    } catch (error) {
      if (signal?.aborted === true) {
        if (signal.reason === SHUTDOWN) {
          await job.moveToWait(token);
          throw new WaitingError();
        }
        throw new UnrecoverableError(
          formatFailureReason({ code: 'CANCELLED', message: 'cancelled while running' }),
        );
      }
      const { kind, code } = classifyFailure(error);
      const message = formatFailureReason({ code, message: (error as Error)?.message ?? String(error) });
      throw kind === 'permanent' ? new UnrecoverableError(message) : new Error(message, { cause: error });
    }
  };

  const worker = new Worker<GenerationJobData>(names.queueName, processor, {
    connection: redisOptions(settings.connection, true),
    prefix: names.prefix,
    name: identity.name,
    concurrency,
    ...(settings.lockDuration === undefined ? {} : { lockDuration: settings.lockDuration }),
    ...(settings.stalledInterval === undefined ? {} : { stalledInterval: settings.stalledInterval }),
    ...(settings.maxStalledCount === undefined ? {} : { maxStalledCount: settings.maxStalledCount }),
  });
  worker.on('error', onError);
  subscriber.on('message', (_channel: string, id: string) => {
    worker.cancelJob(id, CANCELLED);
  });
  await subscriber.subscribe(names.cancelChannel);
  await worker.waitUntilReady();

  let closing: Promise<void> | undefined;
  return {
    identity,
    models,
    close(options = {}) {
      closing ??= (async () => {
        const timer =
          options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => worker.cancelAllJobs(SHUTDOWN), options.timeoutMs);
        try {
          await worker.close();
        } finally {
          clearTimeout(timer);
          subscriber.disconnect();
          redis.disconnect();
          await models.dispose();
        }
      })();
      return closing;
    },
  };
}

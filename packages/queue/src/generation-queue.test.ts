import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrtNodeBackend, encodePng, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import {
  createTxt2ImgPipeline,
  InvalidArgumentError,
  type ProgressEvent,
  SowError,
  type StableDiffusionModels,
} from '@sow/core';
import { ensureTestModels, type RedisServer, startRedisServer, testModelDir } from '@sow/test-kit';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileResultStore } from './create-file-result-store.js';
import { createGenerationQueue, type GenerationQueue } from './create-generation-queue.js';
import { createGenerationWorker, type GenerationWorker } from './create-generation-worker.js';
import type { GenerationRequest } from './generation-request.js';
import type { GenerationEvent } from './generation-status.js';
import type { ResultStore } from './result-store.js';
import { CARD_PNG, txt2imgCase } from './test-requests.fixture.js';

// One in-process worker on real Redis and the generated test models. Its UNet is wrapped to record when
// each call starts and, while `slow` is set, to take 60 ms more per call (a slower GPU), so that
// cancellation and shutdown land mid-run.
let redis: RedisServer;
let dir: string;
let store: ResultStore;
let queue: GenerationQueue;
let inspect: Queue;
let base: StableDiffusionModels;
let worker: GenerationWorker | undefined;
const unetStarts: number[] = [];
let slow = false;
/** Thrown by the next UNet call, once (a model call failing as a remote runtime's might). */
let failNext: unknown;

async function startWorker(): Promise<GenerationWorker> {
  return createGenerationWorker({
    connection: redis.connection,
    store,
    loadModels: async () => {
      const unet = Object.create(base.unet);
      unet.predict = async (...args: Parameters<typeof base.unet.predict>) => {
        unetStarts.push(performance.now());
        if (failNext !== undefined) {
          const error = failNext;
          failNext = undefined;
          throw error;
        }
        if (slow) await new Promise((resolve) => setTimeout(resolve, 60));
        return base.unet.predict(...args);
      };
      return Object.assign(Object.create(base), { unet, dispose: async () => {} });
    },
    onError: () => {},
  });
}

/** Collects a job's events until the stream ends; `onEvent` may act on each. */
async function collect(id: string, onEvent?: (e: GenerationEvent) => Promise<void> | void) {
  const events: GenerationEvent[] = [];
  for await (const e of queue.events(id)) {
    events.push(e);
    await onEvent?.(e);
  }
  return events;
}

beforeAll(async () => {
  ensureTestModels(['optimum']);
  redis = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'sow-queue-'));
  store = createFileResultStore(dir);
  queue = createGenerationQueue({ connection: redis.connection, store, backoffMs: 50, onError: () => {} });
  inspect = new Queue('sow-generations', { connection: redis.connection, prefix: 'sow' });
  const backend = await createOrtNodeBackend({ device: 'cpu', intraOpNumThreads: 1 });
  base = await loadStableDiffusionFromDir(testModelDir('optimum'), { backend });
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.close();
  await queue?.close();
  await inspect?.close();
  await base?.dispose();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('createGenerationQueue', () => {
  it('rejects bad requests with InvalidArgumentError naming the field; none reaches the queue', async () => {
    const cow = { method: 'cow', prompt: 'p', image: { bytes: CARD_PNG } } as const;
    const huge = CARD_PNG.slice(0, 33); // a PNG header that claims 100000 x 100000 pixels
    new DataView(huge.buffer).setUint32(16, 100_000);
    new DataView(huge.buffer).setUint32(20, 100_000);
    const wideMask = encodePng({ width: 96, height: 48, channels: 3, data: new Uint8Array(96 * 48 * 3) });
    const cases: [unknown, string, string?][] = [
      [{ method: 'img2img', prompt: 'p' }, 'method'],
      [{ method: 'txt2img', prompt: 7 }, 'prompt'],
      [{ method: 'txt2img', prompt: 'x'.repeat(5000) }, 'prompt'],
      [{ method: 'txt2img', prompt: 'p', config: { steps: 0 } }, 'steps'],
      [{ method: 'txt2img', prompt: 'p', config: { width: 100 } }, 'width'],
      [{ method: 'txt2img', prompt: 'p', config: { stepz: 3 } }, 'config.stepz'],
      [{ method: 'txt2img', prompt: 'p', seed: -1 }, 'seed'],
      [{ method: 'txt2img', prompt: 'p', seed: 5n }, 'seed'],
      [{ method: 'txt2img', prompt: 'p', noise: 'mt19937' }, 'noise'],
      [{ method: 'txt2img', prompt: 'p', seed: 'abc', noise: 'torch-cpu' }, 'seed'],
      [{ method: 'txt2img', prompt: 'p', image: { bytes: CARD_PNG } }, 'request.image'],
      [{ ...cow, box: { x: 480, y: 0, width: 64, height: 64 } }, 'config.box'],
      [{ ...cow, config: { cycles: 0 } }, 'config.cycles'],
      [{ ...cow, preset: 'fancy' }, 'preset'],
      [{ ...cow, image: { bytes: new TextEncoder().encode('not an image') } }, 'image'],
      [{ ...cow, image: { bytes: huge } }, 'image'],
      [{ ...cow, image: { key: 'f'.repeat(64) } }, 'image'],
      [{ ...cow, mask: { bytes: wideMask } }, 'mask'],
      [{ ...cow, method: 'sow', config: { box: { x: 0, y: 0, width: 64, height: 64 } } }, 'config.box'],
      [{ ...cow, method: 'sow', seed: 'abc' }, 'seed'],
      [{ ...cow, method: 'sow', planner: 'gpt' }, 'planner'],
      [{ ...cow, method: 'sow', switches: { adaptivePosition: 'yes' } }, 'switches.adaptivePosition'],
      [{ ...cow, method: 'sow', attention: { lambdaSup: 2 } }, 'config.lambdaSup'],
      [{ method: 'txt2img', prompt: 'p' }, 'jobId', 'a:b'],
    ];
    for (const [request, argument, jobId] of cases) {
      const attempt = queue.enqueue(request as GenerationRequest, jobId === undefined ? {} : { jobId });
      await expect(attempt, argument).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(attempt).rejects.toMatchObject({ argument });
    }
    await expect(queue.enqueue({ ...cow, config: { cycles: 0 } })).rejects.toThrow(
      'GenerationQueue.enqueue: config.cycles must be an integer of at least 1, got 0.',
    );
    await expect(queue.enqueue({ method: 'txt2img', prompt: 'p', seed: 1.5 })).rejects.toThrow(
      /^GenerationQueue\.enqueue: seed must be /,
    );
    const counts = await inspect.getJobCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('runs a job once per id and streams the pipeline progress events unchanged, then the result', async () => {
    const { request } = txt2imgCase(5, 6);
    await inspect.pause();
    const id = await queue.enqueue(request, { jobId: 'progress-1' });
    expect(await queue.enqueue({ ...request, seed: 6 }, { jobId: 'progress-1' })).toBe(id);
    const stream = collect(id, async (e) => {
      if (e.type === 'status' && e.status.state === 'queued') await inspect.resume();
    });
    const events = await stream;
    const direct: ProgressEvent[] = [];
    const result = await createTxt2ImgPipeline(base).generate({
      prompt: request.prompt,
      seed: 5,
      ...request.config,
      onProgress: (e) => direct.push(e),
    });
    const withoutTimes = (e: ProgressEvent) => (e.type === 'phase-end' ? { ...e, ms: 0 } : e);
    const progress = events.flatMap((e) => (e.type === 'progress' ? [withoutTimes(e.event)] : []));
    expect(progress).toEqual(direct.map(withoutTimes));
    const states = events.flatMap((e) => (e.type === 'status' ? [e.status.state] : []));
    expect(states).toEqual(['queued', 'running', 'completed']);
    const last = events.at(-1);
    expect(last?.type === 'status' && last.status.record?.seed).toBe(5); // the first request's, not the second
    expect(await store.getImage(id)).toEqual(encodePng(result.image));
    expect((await inspect.getJobCounts()).completed).toBe(1);
  });

  it('stops a running job within one UNet call of the cancel, and never runs a cancelled queued job', async () => {
    slow = true;
    try {
      const { request } = txt2imgCase(1, 30);
      const id = await queue.enqueue(request);
      let cancelledAt = 0;
      let callsAtCancel = 0;
      await collect(id, async (e) => {
        if (cancelledAt === 0 && e.type === 'progress' && e.event.type === 'step' && e.event.completed >= 4) {
          await queue.cancel(id);
          cancelledAt = performance.now();
          callsAtCancel = unetStarts.length;
        }
      });
      const status = await queue.status(id);
      expect(status).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
      expect(unetStarts.filter((t) => t > cancelledAt).length).toBeLessThanOrEqual(1);
      expect(unetStarts.length).toBeLessThan(callsAtCancel + 2);
      expect(await store.getRecord(id)).toBeUndefined();

      await inspect.pause();
      const queued = await queue.enqueue({ ...request, seed: 2 });
      expect((await queue.cancel(queued))?.state).toBe('cancelled');
      const calls = unetStarts.length;
      await inspect.resume();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await queue.status(queued)).toMatchObject({ state: 'cancelled' });
      expect(unetStarts.length).toBe(calls);
    } finally {
      slow = false;
    }
  });

  it('fails a permanent error at once, without retries', async () => {
    const id = await queue.enqueue({
      method: 'sow',
      prompt: 'p',
      seed: 3,
      image: { bytes: CARD_PNG },
      planner: 'mllm',
    });
    const events = await collect(id);
    const status = await queue.status(id);
    expect(status).toMatchObject({ state: 'failed', attemptsMade: 1, error: { code: 'INVALID_ARGUMENT' } });
    expect(status?.error?.message).toMatch(/planner must be 'offline' \(this worker has no MLLM\)/);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: { state: 'failed' } });

    // core's NumericalError (code NUMERICAL) from a model call: no retry either.
    failNext = new SowError('NUMERICAL' as never, 'denoise: latents are not finite');
    const numerical = await queue.enqueue(txt2imgCase(4).request);
    await collect(numerical);
    expect(await queue.status(numerical)).toMatchObject({
      state: 'failed',
      attemptsMade: 1,
      error: { code: 'NUMERICAL', message: 'denoise: latents are not finite' },
    });
  });

  it("draws the seed with PyTorch's CPU generator when asked, as the direct run does, and records it", async () => {
    const torch = txt2imgCase(21, 3, 64, 'torch-cpu');
    const philox = txt2imgCase(21, 3, 64);
    const [torchId, philoxId] = await Promise.all([
      queue.enqueue(torch.request),
      queue.enqueue(philox.request),
    ]);
    await Promise.all([collect(torchId), collect(philoxId)]);
    expect(await queue.status(torchId)).toMatchObject({ state: 'completed', record: { noise: 'torch-cpu' } });
    expect(await queue.status(philoxId)).toMatchObject({ state: 'completed', record: { noise: 'philox' } });
    const png = await store.getImage(torchId);
    expect(png).toEqual(encodePng(await torch.direct(base)));
    expect(png).not.toEqual(await store.getImage(philoxId));
  });

  it('reports a failed job with its code from the first status that says failed', async () => {
    // status() must not pair the state read after a failure with a job snapshot taken before it.
    const seen: string[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const id = await queue.enqueue({
          method: 'sow',
          prompt: 'p',
          seed: 100 + i,
          image: { bytes: CARD_PNG },
          planner: 'mllm',
        });
        for (;;) {
          const now = await queue.status(id);
          if (now?.state === 'failed') {
            seen.push(now.error?.code ?? 'none');
            break;
          }
        }
      }),
    );
    expect(seen).toEqual(Array(12).fill('INVALID_ARGUMENT'));
  });

  it('retries a transient error with backoff and completes on the next attempt, as a direct run would', async () => {
    failNext = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const testCase = txt2imgCase(12);
    const id = await queue.enqueue(testCase.request);
    await collect(id);
    const status = await queue.status(id);
    expect(status).toMatchObject({ state: 'completed', attemptsMade: 2, record: { attempt: 2 } });
    expect(await store.getImage(id)).toEqual(encodePng(await testCase.direct(base)));
  });

  it('hands a running job back to the queue on a shutdown that times out; the next worker runs it', async () => {
    slow = true;
    const id = await queue.enqueue(txt2imgCase(8, 30).request);
    for await (const e of queue.events(id)) {
      if (e.type === 'progress' && e.event.type === 'step' && e.event.completed >= 3) break;
    }
    await worker?.close({ timeoutMs: 50 });
    worker = undefined;
    expect(await queue.status(id)).toMatchObject({ state: 'queued', attemptsMade: 0 });
    slow = false;
    worker = await startWorker();
    await collect(id);
    expect(await queue.status(id)).toMatchObject({ state: 'completed', record: { attempt: 1 } });
  });
});

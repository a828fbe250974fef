import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtNodeBackend, encodePng, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import type { Backend, StableDiffusionModels } from '@sow/core';
import { ensureTestModels, type RedisServer, startRedisServer, testModelDir } from '@sow/test-kit';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileResultStore } from './create-file-result-store.js';
import { createGenerationQueue, type GenerationQueue } from './create-generation-queue.js';
import type { GenerationStatus } from './generation-status.js';
import type { ResultStore } from './result-store.js';
import { sha256Hex } from './sha256-hex.js';
import { cowCase, sowCase, type TestCase, txt2imgCase } from './test-requests.fixture.js';

// Real Redis (append-only, so it can be restarted), worker child processes on the generated test models,
// results compared byte for byte with the same pipelines run directly in this process.
const FIXTURE = fileURLToPath(new URL('./test-worker.fixture.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let redis: RedisServer;
let dir: string;
let store: ResultStore;
let queue: GenerationQueue;
let inspect: Queue;
let backend: Backend;
let models: StableDiffusionModels;
const workers = new Map<string, ChildProcess>();

/** Starts a worker process and resolves once its models are loaded and it takes jobs. */
async function startWorker(name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: ROOT,
    env: {
      ...process.env,
      SOW_TEST_REDIS_PORT: String(redis.port),
      SOW_TEST_STORE: dir,
      SOW_TEST_WORKER_NAME: name,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  workers.set(name, child);
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}`)));
    child.stdout?.on('data', (data: Buffer) => {
      if (data.toString().includes('ready')) resolve();
    });
  });
  return child;
}

/** Waits until every job is final; returns the statuses. */
async function settle(ids: readonly string[], timeoutMs = 60_000): Promise<GenerationStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await Promise.all(ids.map((id) => queue.status(id)));
    if (all.every((s) => s !== undefined && ['completed', 'failed', 'cancelled'].includes(s.state))) {
      return all as GenerationStatus[];
    }
    if (Date.now() > deadline) throw new Error(`jobs not final: ${JSON.stringify(all.map((s) => s?.state))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The PNG of the direct run, and the stored one. */
async function pngs(id: string, testCase: TestCase): Promise<[string, string]> {
  const direct = encodePng(await testCase.direct(models));
  const stored = (await store.getImage(id)) as Uint8Array;
  return [sha256Hex(stored), sha256Hex(direct)];
}

beforeAll(async () => {
  ensureTestModels(['optimum']);
  redis = await startRedisServer({ appendOnly: true });
  dir = await mkdtemp(join(tmpdir(), 'sow-queue-store-'));
  store = createFileResultStore(dir);
  queue = createGenerationQueue({ connection: redis.connection, store, onError: () => {} });
  inspect = new Queue('sow-generations', { connection: redis.connection, prefix: 'sow' });
  inspect.on('error', () => {});
  backend = await createOrtNodeBackend({ device: 'cpu', intraOpNumThreads: 1 });
  models = await loadStableDiffusionFromDir(testModelDir('optimum'), { backend, attentionModulation: true });
  await Promise.all([startWorker('w1'), startWorker('w2')]);
});

afterAll(async () => {
  for (const child of workers.values()) child.kill('SIGKILL');
  await queue?.close();
  await inspect?.close();
  await models?.dispose();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('scale-out on BullMQ with worker processes', () => {
  it('runs 12 jobs on 2 workers, each once, each byte-identical to the direct pipeline run', async () => {
    const cases = [
      ...[1, 2, 3, 4, 5, 6, 7].map((seed) => txt2imgCase(seed)),
      cowCase(11),
      cowCase(12),
      cowCase(13),
      sowCase(21),
      sowCase(22),
    ];
    const ids = await Promise.all(cases.map((c, i) => queue.enqueue(c.request, { jobId: `batch-${i}` })));
    const statuses = await settle(ids);
    expect(statuses.map((s) => s.state)).toEqual(Array(12).fill('completed'));
    expect(statuses.map((s) => s.record?.attempt)).toEqual(Array(12).fill(1));
    // Both workers took jobs.
    expect(new Set(statuses.map((s) => s.record?.worker.name))).toEqual(new Set(['w1', 'w2']));
    for (const [i, c] of cases.entries()) {
      const [stored, direct] = await pngs(ids[i]!, c);
      expect(stored, `job ${i} (${c.request.method})`).toBe(direct);
      expect(statuses[i]?.record?.image.sha256).toBe(stored);
      // One image and one record per job: nothing written twice.
      expect((await readdir(join(dir, 'results', ids[i]!))).sort()).toEqual([`${stored}.png`, 'record.json']);
    }
    expect(statuses[7]?.record?.config).toMatchObject({ canvasWidth: 64, box: { x: 16, width: 32 } });
    expect(statuses[10]?.record?.plan?.provenance.box.source).toBe('offline');
  });

  it('finishes a job on the other worker when its worker is SIGKILLed mid-job, once', async () => {
    const long = txt2imgCase(99, 40, 128);
    const short = [txt2imgCase(31), txt2imgCase(32), txt2imgCase(33)];
    const id = await queue.enqueue(long.request, { jobId: 'killed-mid-job' });
    let victim: string | undefined;
    for await (const e of queue.events(id)) {
      if (e.type === 'progress' && e.event.type === 'step' && e.event.completed >= 5) {
        victim = (await inspect.getJob(id))?.processedBy;
        break;
      }
    }
    expect(['w1', 'w2']).toContain(victim);
    workers.get(victim!)?.kill('SIGKILL');
    const shortIds = await Promise.all(short.map((c) => queue.enqueue(c.request)));
    const [status, ...others] = await settle([id, ...shortIds]);
    expect(status?.state).toBe('completed');
    expect(others.map((s) => s.state)).toEqual(['completed', 'completed', 'completed']);
    const survivor = victim === 'w1' ? 'w2' : 'w1';
    expect(status?.record?.worker.name).toBe(survivor);
    const job = await inspect.getJob(id);
    // Started on the victim, restarted on the survivor (more only if a loaded machine delayed a lock renewal).
    expect(job?.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(job?.attemptsMade).toBe(1); // one attempt ended (completed): a stall is not a failed attempt
    expect(status?.record?.attempt).toBe(1);
    const [stored, direct] = await pngs(id, long);
    expect(stored).toBe(direct);
    expect((await readdir(join(dir, 'results', id))).sort()).toEqual([`${stored}.png`, 'record.json']);
    workers.delete(victim!);
  });

  it('keeps queued jobs through a Redis restart (append-only) and completes them', async () => {
    const cases = [1, 2, 3, 4, 5, 6].map((seed) => txt2imgCase(200 + seed, 10, 128));
    const ids = await Promise.all(cases.map((c) => queue.enqueue(c.request)));
    await redis.restart();
    // Every job is still in Redis after the restart, most of them not yet run.
    const jobs = await Promise.all(ids.map((id) => inspect.getJob(id)));
    expect(jobs.map((job) => job?.id)).toEqual(ids);
    expect((await inspect.getJobCounts('waiting')).waiting).toBeGreaterThanOrEqual(3);
    const statuses = await settle(ids);
    expect(statuses.map((s) => s.state)).toEqual(Array(6).fill('completed'));
    for (const [i, c] of cases.entries()) {
      const [stored, direct] = await pngs(ids[i]!, c);
      expect(stored).toBe(direct);
    }
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOrtNodeBackend, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import {
  type ExperimentExecutor,
  expandExperiment,
  parseExperimentSpec,
  readExperimentRecords,
  runExperiment,
} from '@sow/eval';
import {
  createFileResultStore,
  createGenerationQueue,
  createGenerationWorker,
  type GenerationQueue,
  type GenerationWorker,
  type ResultStore,
} from '@sow/queue';
import { ensureTestModels, type RedisServer, startRedisServer } from '@sow/test-kit';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from './create-local-executor.js';
import { createQueueExecutor } from './create-queue-executor.js';
import { QueuedJobFailedError } from './queued-job-failed-error.js';
import { runExperimentsCli } from './run-experiments-cli.js';

// Real Redis, one in-process worker and the local executor, both on the generated test models with the
// same backend settings: the queue must give the local executor's bytes for every method.
const FACES = fileURLToPath(new URL('../../../../shared/models/faces/', import.meta.url));
const SPEC_JSON = {
  name: 'queued',
  canvas: 128,
  cowConfig: { cycles: 2 },
  txt2imgConfig: { steps: 2 },
  conditions: [{ id: 'face', image: 'single-4.jpg' }],
  prompts: ['a photo of a person attending a formal event'],
  seeds: [7],
  methods: ['txt2img', 'random-position', 'sow:AP+DAM+PI'],
};
const spec = parseExperimentSpec(SPEC_JSON);

let redis: RedisServer;
let dir: string;
let store: ResultStore;
let queue: GenerationQueue;
let inspect: Queue;
let backend: Awaited<ReturnType<typeof createOrtNodeBackend>>;
let worker: GenerationWorker;
let local: ExperimentExecutor;

let modelDir: string;

beforeAll(async () => {
  modelDir = ensureTestModels(['optimum']).optimum;
  redis = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'sow-queue-executor-'));
  store = createFileResultStore(join(dir, 'store'));
  queue = createGenerationQueue({ connection: redis.connection, store, onError: () => {} });
  inspect = new Queue('sow-generations', { connection: redis.connection, prefix: 'sow' });
  backend = await createOrtNodeBackend({ device: 'cpu' });
  worker = await createGenerationWorker({
    connection: redis.connection,
    store,
    loadModels: () => loadStableDiffusionFromDir(modelDir, { backend, attentionModulation: true }),
    onError: () => {},
  });
  local = await createLocalExecutor({
    modelDir: modelDir,
    device: 'cpu',
    attentionModulation: true,
  });
});

afterAll(async () => {
  await worker?.close();
  await local?.dispose?.();
  await backend?.dispose();
  await queue?.close();
  await inspect?.close();
  await redis?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Every job BullMQ holds, in any state. */
const jobCount = async () => Object.values(await inspect.getJobCounts()).reduce((sum, n) => sum + n, 0);

/** The PNG of each record in `outDir`, by job id. */
async function images(outDir: string): Promise<Map<string, Buffer>> {
  const records = await readExperimentRecords(outDir);
  return new Map(
    await Promise.all(
      records.map(async (r) => [r.id, await readFile(join(outDir, r.image))] as [string, Buffer]),
    ),
  );
}

describe('createQueueExecutor with real Redis and an in-process worker', () => {
  it("gives the local executor's bytes, forwards progress, and a resumed run enqueues nothing new", async () => {
    const localOut = join(dir, 'local');
    const queuedOut = join(dir, 'queued');
    await runExperiment({ spec, specDir: FACES, outDir: localOut, executor: local });
    const executor = createQueueExecutor({ queue, store });
    const steps = new Map<string, number>();
    const summary = await runExperiment({
      spec,
      specDir: FACES,
      outDir: queuedOut,
      executor,
      onProgress: (e) => {
        if (e.type === 'pipeline' && e.event.type === 'step') steps.set(e.id, (steps.get(e.id) ?? 0) + 1);
      },
    });
    expect(summary).toEqual({ total: 3, generated: 3, skipped: 0 });
    expect(await jobCount()).toBe(3);

    const expected = await images(localOut);
    const got = await images(queuedOut);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, png] of got) expect(png.equals(expected.get(id) as Buffer), id).toBe(true);
    const localRecords = await readExperimentRecords(localOut);
    for (const record of await readExperimentRecords(queuedOut)) {
      const twin = localRecords.find((r) => r.id === record.id);
      expect(record.box, record.id).toEqual(twin?.box);
      expect(record.prompt, record.id).toBe(twin?.prompt);
      expect(record.config, record.id).toEqual(twin?.config);
      expect(record.seed, record.id).toBe(7);
      expect(record.unetCalls, record.id).toBe(twin?.unetCalls);
      expect(steps.get(record.id), record.id).toBeGreaterThan(0);
    }

    // Resumed: every job is skipped by the runner; nothing reaches the queue.
    const again = await runExperiment({ spec, specDir: FACES, outDir: queuedOut, executor });
    expect(again).toEqual({ total: 3, generated: 0, skipped: 3 });
    // A crash after the worker finished but before the runner wrote its record: the job runs again in
    // the runner, but the queue already has it (same id), so no job is added and the stored result returns.
    const [first] = expandExperiment(spec, FACES);
    await rm(join(queuedOut, 'records', `${first?.id}.json`));
    const fresh = createQueueExecutor({ queue, store });
    const resumed = await runExperiment({ spec, specDir: FACES, outDir: queuedOut, executor: fresh });
    expect(resumed).toEqual({ total: 3, generated: 1, skipped: 2 });
    expect(await jobCount()).toBe(3);
    expect(
      (await images(queuedOut)).get(first?.id ?? '')?.equals(expected.get(first?.id ?? '') as Buffer),
    ).toBe(true);
  });

  it('cancels the job when the signal aborts, and runs it afresh on the next try', async () => {
    const job = expandExperiment(spec, FACES).find((j) => j.method.kind === 'random-position');
    if (job === undefined) throw new Error('no random-position job');
    const other = { ...job, seed: 8, id: `${job.id}-8` };
    const executor = createQueueExecutor({ queue, store });
    const controller = new AbortController();
    const reason = new Error('Ctrl-C');
    const run = executor.run(other, {
      signal: controller.signal,
      onProgress: (e) => e.type === 'step' && controller.abort(reason),
    });
    await expect(run).rejects.toBe(reason);
    const cancelled = (await inspect.getJobs(['failed', 'completed'])).filter((j) =>
      j.id?.startsWith(other.id),
    );
    expect(cancelled).toHaveLength(1);
    const id = cancelled[0]?.id ?? '';
    await expect.poll(async () => (await queue.status(id))?.state).toBe('cancelled');

    const [queued, direct] = await Promise.all([executor.run(other, {}), local.run(other, {})]);
    expect(Buffer.from(queued.png).equals(Buffer.from(direct.png))).toBe(true);
    expect((await inspect.getJobs(['completed'])).map((j) => j.id)).toContain(`${id}.r1`);
  });

  it("turns a worker's failure into a QueuedJobFailedError with the worker's code", async () => {
    // SOW with the MLLM planner on a worker that has no MLLM: a permanent failure, not retried.
    const job = expandExperiment(spec, FACES).find((j) => j.method.kind === 'sow');
    if (job === undefined) throw new Error('no SOW job');
    const executor = createQueueExecutor({ queue, store, planner: 'mllm' });
    const error = await executor.run(job, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueuedJobFailedError);
    expect(error).toMatchObject({ code: 'JOB_FAILED', experimentJobId: job.id });
    expect((error as QueuedJobFailedError).failure.code).toBe('INVALID_ARGUMENT');
    expect((error as QueuedJobFailedError).message).toContain('planner');
    // The next try gets a new queue job id rather than the failed one.
    const again = await executor.run(job, {}).catch((e: unknown) => e);
    expect((again as QueuedJobFailedError).jobId).toBe(`${(error as QueuedJobFailedError).jobId}.r1`);
  });

  it('is what `generate --queue` runs: a second output folder gets the stored results, no new jobs', async () => {
    const specFile = join(dir, 'queued.json');
    const image = join(FACES, 'single-4.jpg');
    await writeFile(specFile, JSON.stringify({ ...SPEC_JSON, conditions: [{ id: 'face', image }] }));
    const before = await jobCount();
    const lines: string[] = [];
    const out = join(dir, 'cli');
    const summary = await runExperimentsCli(
      {
        command: 'generate',
        spec: specFile,
        out,
        device: 'cpu',
        provider: 'offline',
        concurrency: 3,
        queue: { connection: redis.connection, store: join(dir, 'store') },
      },
      { log: (line) => lines.push(line), progress: () => {} },
    );
    expect(summary).toEqual({ total: 3, generated: 3, skipped: 0 });
    expect(lines[0]).toMatch(/^Queue: Redis at 127\.0\.0\.1:\d+/);
    expect(await jobCount()).toBe(before);
    const expected = await images(join(dir, 'local'));
    for (const [id, png] of await images(out)) expect(png.equals(expected.get(id) as Buffer), id).toBe(true);
  });
});

// Benchmarks scale-out generation through @sow/queue on a private Redis with worker processes
// (examples/service/src/worker.ts) on the generated test models:
// - the queue's overhead per job as a share of generation time: one job through the queue (enqueue with
//   validation, Redis, a worker's pickup, input decoding, the pipeline, PNG encoding, the store's writes,
//   the completion event) against the same pipeline called directly in this process, in alternating
//   pairs (scripts/paired-bench.ts); and, within each queued job, its end-to-end time against the
//   pipeline time its worker recorded (the same job on both sides, so machine load cancels better);
// - throughput in jobs per minute with 1 and with 2 workers: a batch of jobs enqueued at once on a queue
//   served by one worker and on a queue served by two, in alternating pairs (the ratio is the speed-up).
// Every worker and the direct run use ONNX Runtime with `--threads` intra-op threads each.
//   npx tsx scripts/bench-queue.ts [--device cpu|cuda] [--jobs 8] [--steps 30] [--size 128] [--pairs 5] [--threads 1]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createOrtNodeBackend, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import { createTxt2ImgPipeline } from '@sow/core';
import {
  createFileResultStore,
  createGenerationQueue,
  type GenerationQueue,
  type GenerationRecord,
  type Txt2ImgRequest,
} from '@sow/queue';
import { ensureTestModels, startRedisServer } from '@sow/test-kit';
import { formatRatio, pairedRatio, summarizeRatios, timeCall } from './paired-bench.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    device: { type: 'string', default: 'cpu' },
    jobs: { type: 'string', default: '8' },
    steps: { type: 'string', default: '30' },
    size: { type: 'string', default: '128' },
    pairs: { type: 'string', default: '5' },
    threads: { type: 'string', default: '1' },
  },
});
const device = values.device === 'cuda' ? 'cuda' : 'cpu';
const jobs = Number(values.jobs);
const steps = Number(values.steps);
const size = Number(values.size);
const pairs = Number(values.pairs);
const threads = Number(values.threads);
const WORKER = fileURLToPath(new URL('../examples/service/src/worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const modelDir = ensureTestModels(['optimum']).optimum;
const redis = await startRedisServer();
const storeDir = await mkdtemp(join(tmpdir(), 'sow-bench-queue-'));
const store = createFileResultStore(storeDir);
const children: ChildProcess[] = [];

/** Starts a worker process on `queueName`; resolves once it takes jobs. */
async function startWorker(queueName: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: {
      ...process.env,
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      SOW_STORE_DIR: storeDir,
      SOW_QUEUE: queueName,
      SOW_DEVICE: device,
      SOW_MODEL_DIR: modelDir,
      SOW_THREADS: String(threads),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    child.stdout?.on('data', (data: Buffer) => data.toString().includes('ready') && resolve());
  });
}

/** Enqueues `count` jobs at once and resolves with their records when all are completed. */
async function runBatch(queue: GenerationQueue, count: number, seed: number): Promise<GenerationRecord[]> {
  const ids = await Promise.all(Array.from({ length: count }, (_, i) => queue.enqueue(request(seed + i))));
  return Promise.all(
    ids.map(async (id) => {
      for await (const e of queue.events(id)) {
        if (e.type === 'status' && e.status.state === 'completed' && e.status.record) return e.status.record;
      }
      throw new Error(`job ${id} did not complete: ${JSON.stringify(await queue.status(id))}`);
    }),
  );
}

const request = (seed: number): Txt2ImgRequest => ({
  method: 'txt2img',
  prompt: 'a photo of a cat',
  seed,
  config: { steps, width: size, height: size },
});

try {
  const connection = redis.connection;
  const one = createGenerationQueue({ connection, store, queueName: 'one-worker' });
  const two = createGenerationQueue({ connection, store, queueName: 'two-workers' });
  await Promise.all([startWorker('one-worker'), startWorker('two-workers'), startWorker('two-workers')]);
  const backend = await createOrtNodeBackend({ device, intraOpNumThreads: threads });
  const models = await loadStableDiffusionFromDir(modelDir, { backend, attentionModulation: true });
  const txt2img = createTxt2ImgPipeline(models);
  console.log(
    `queue benchmark: txt2img ${size}x${size}, ${steps} steps, ${device}, ${threads} ONNX Runtime thread(s) per process`,
  );

  let nextSeed = 1;
  /** The first of `count` fresh seeds (every job differs; the cost does not depend on the seed). */
  const seeds = (count: number) => {
    nextSeed += count;
    return nextSeed - count;
  };
  const shares: number[] = [];
  const overhead = await pairedRatio(
    timeCall(() =>
      txt2img.generate({ prompt: 'a photo of a cat', seed: seeds(1), steps, width: size, height: size }),
    ),
    async () => {
      // One job end to end; its record says how long the pipeline itself took in the worker.
      const started = performance.now();
      const [record] = await runBatch(one, 1, seeds(1));
      const wall = performance.now() - started;
      const generation = record?.timings.pipeline.totalMs ?? Number.NaN;
      shares.push((wall - generation) / generation);
      return wall;
    },
    { pairs },
  );
  const direct = overhead.aMedian;
  console.log(
    `one job direct: ${direct.toFixed(0)} ms; through the queue: ${overhead.bMedian.toFixed(0)} ms`,
  );
  console.log(`queue/direct per job: ${formatRatio(overhead.ratio)}`);
  const within = summarizeRatios(shares.slice(1)); // without the warm-up pair's job
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `queue overhead per job, (end-to-end - the worker's pipeline time) / pipeline time of the same job: ${percent(within.median)} (min-max ${percent(within.min)}-${percent(within.max)}, ${within.n} jobs)`,
  );

  const throughput = await pairedRatio(
    timeCall(() => runBatch(one, jobs, seeds(jobs))),
    timeCall(() => runBatch(two, jobs, seeds(jobs))),
    { pairs },
  );
  const perMinute = (ms: number) => ((jobs * 60_000) / ms).toFixed(1);
  console.log(
    `throughput, batches of ${jobs} jobs: 1 worker ${perMinute(throughput.aMedian)} jobs/min, 2 workers ${perMinute(throughput.bMedian)} jobs/min`,
  );
  console.log(`2 workers / 1 worker batch time: ${formatRatio(throughput.ratio)}`);
  console.log(`speed-up with 2 workers (1 / median ratio): ×${(1 / throughput.ratio.median).toFixed(2)}`);
  await Promise.all([one.close(), two.close()]);
  await models.dispose();
} finally {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  await redis.stop();
  await rm(storeDir, { recursive: true, force: true });
}

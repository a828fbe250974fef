// A worker process for the scale-out tests: `node --import tsx test-worker.fixture.ts` with
// SOW_TEST_REDIS_PORT, SOW_TEST_STORE and SOW_TEST_WORKER_NAME set. It loads the generated test models
// (attention-modulated, so SOW runs too), prints "ready" and stops gracefully on SIGTERM.
import { createOrtNodeBackend, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import { testModelDir } from '@sow/test-kit';
import { createFileResultStore } from './create-file-result-store.js';
import { createGenerationWorker } from './create-generation-worker.js';

const backend = await createOrtNodeBackend({ device: 'cpu', intraOpNumThreads: 1 });
const worker = await createGenerationWorker({
  connection: { host: '127.0.0.1', port: Number(process.env.SOW_TEST_REDIS_PORT) },
  store: createFileResultStore(process.env.SOW_TEST_STORE ?? ''),
  name: process.env.SOW_TEST_WORKER_NAME ?? 'test-worker',
  loadModels: (signal) =>
    loadStableDiffusionFromDir(testModelDir('optimum'), {
      backend,
      attentionModulation: true,
      ...(signal === undefined ? {} : { signal }),
    }),
  // Fast stall detection so a killed worker's job moves on within seconds.
  lockDuration: 2000,
  stalledInterval: 1000,
  maxStalledCount: 3,
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void worker.close({ timeoutMs: 5000 }).then(() => process.exit(0));
});

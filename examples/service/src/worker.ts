// A worker process: `npm run worker -w @sow/example-service`, one per GPU (configuration: see service-config.ts).
import { createOrtNodeBackend, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import { createFileResultStore, createGenerationWorker } from '@sow/queue';
import { ensureTestModels } from '@sow/test-kit';
import { readServiceConfig } from './service-config.js';

const config = readServiceConfig(process.env);
const modelDir = config.modelDir ?? ensureTestModels(['optimum']).optimum;
if (config.modelDir === undefined) {
  process.stdout.write('No SOW_MODEL_DIR: using the generated test models (random weights, noise images).\n');
}
const backend = await createOrtNodeBackend({
  device: config.device,
  ...(config.threads === undefined ? {} : { intraOpNumThreads: config.threads }),
});
const worker = await createGenerationWorker({
  connection: config.connection,
  ...(config.queueName === undefined ? {} : { queueName: config.queueName }),
  store: createFileResultStore(config.storeDir),
  loadModels: (signal) =>
    loadStableDiffusionFromDir(modelDir, {
      backend,
      attentionModulation: true,
      ...(signal ? { signal } : {}),
    }),
});
process.stdout.write(`sow worker ${worker.identity.name} ready on ${worker.models.device}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void worker.close({ timeoutMs: 30_000 }).then(() => backend.dispose());
  });
}

// The API process: `npm run api -w @sow/example-service` (configuration: see service-config.ts).
import { createFileResultStore, createGenerationQueue } from '@sow/queue';
import { createService } from './create-service.js';
import { readServiceConfig } from './service-config.js';

const config = readServiceConfig(process.env);
const store = createFileResultStore(config.storeDir);
const queue = createGenerationQueue({
  connection: config.connection,
  ...(config.queueName === undefined ? {} : { queueName: config.queueName }),
  store,
});
const app = await createService({
  queue,
  store,
  ...(config.token === undefined ? {} : { token: config.token }),
});
const address = await app.listen({ host: config.host, port: config.port });
process.stdout.write(`sow service listening on ${address}\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => queue.close());
});

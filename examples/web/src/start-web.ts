// Builds the web example and serves it on 127.0.0.1 with ONNX Runtime Web's WASM files and the generated
// test models, then prints the URL:
//   npm start -w @sow/example-web              (port 8080)
//   PORT=9000 npm start -w @sow/example-web
// Other model folders (e.g. a real SD 2.1 base ONNX export) can be served with MODELS_DIR=/path, at /models/.
import { ensureTestModels, TEST_MODELS_CACHE_DIR } from '@sow/test-kit';
import { buildWebExample, ORT_WASM_DIR } from './build-web.js';
import { startWebServer } from './serve-web.js';

ensureTestModels();
const dist = await buildWebExample();
const roots: Record<string, string> = {
  '/': dist,
  '/ort/': ORT_WASM_DIR,
  '/test-models/': TEST_MODELS_CACHE_DIR,
};
if (process.env.MODELS_DIR !== undefined) roots['/models/'] = process.env.MODELS_DIR;
const server = await startWebServer({ roots, port: Number(process.env.PORT ?? 8080) });
process.stdout.write(`sow web example: ${server.url} (Ctrl+C to stop)\n`);

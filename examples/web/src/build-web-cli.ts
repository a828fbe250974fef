// Builds the web example into examples/web/dist: `npm run build -w @sow/example-web`.
import { buildWebExample } from './build-web.js';

process.stdout.write(`built ${await buildWebExample()}\n`);

/**
 * Generates (or refreshes) the tiny SD-shaped ONNX test pipelines in `.cache/test-models/<variant>/`.
 * Usage: `npx tsx scripts/generate-test-models.ts`
 */
// Imports the generator directly (not the @sow/test-kit barrel) so it runs without the rest of the kit.
import { ensureTestModels } from '../packages/test-kit/src/models/index.js';

const started = performance.now();
const dirs = ensureTestModels();
for (const [variant, dir] of Object.entries(dirs)) process.stdout.write(`${variant}: ${dir}\n`);
process.stdout.write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

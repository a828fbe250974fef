// Benchmarks the cost of the non-finite output check (NumericalError) against one UNet call at a 64x64
// latent: the time of `countNonFinite` on the UNet's output ([2, 4, 64, 64], classifier-free guidance) and
// on a 512x512 VAE decoder output, and the UNet call with the check on and off (`checkFinite`), on the
// generated test UNet ('optimum'; a full-size SD 2.1 UNet call takes ~1000x longer, so its share is
// smaller still). Calls alternate between the two loads.
//   tsx scripts/bench-finite-check.ts [--calls 20]   (npm run bench runs it)
import { parseArgs } from 'node:util';
import { createOrtNodeBackend, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import { countNonFinite, createNoiseGenerator, randn } from '@sow/core';
import { ensureTestModels } from '@sow/test-kit';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '20' } } });
const calls = Math.max(3, Number(values.calls));

/** Median of a list of numbers. */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Median time of `body` over `n` runs, in milliseconds. */
function timeSync(n: number, body: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    body();
    times.push(performance.now() - started);
  }
  return median(times);
}

const rng = createNoiseGenerator('bench-finite-check');
const unetOut = randn(rng, [2, 4, 64, 64]);
const decoderOut = randn(rng, [1, 3, 512, 512]);
const unetCheckMs = timeSync(200, () => countNonFinite(unetOut));
const decoderCheckMs = timeSync(50, () => countNonFinite(decoderOut));

const dir = ensureTestModels(['optimum']).optimum;
const backend = await createOrtNodeBackend({ device: 'cpu' });
const checked = await loadStableDiffusionFromDir(dir, { backend });
const unchecked = await loadStableDiffusionFromDir(dir, { backend, checkFinite: false });
const input = {
  sample: unetOut,
  timestep: 601,
  encoderHiddenStates: randn(rng, [2, 77, checked.textEncoder.hiddenSize]),
};
const on: number[] = [];
const off: number[] = [];
for (let i = 0; i < calls + 1; i++) {
  for (const [models, times] of [
    [checked, on],
    [unchecked, off],
  ] as const) {
    const started = performance.now();
    await models.unet.predict(input);
    if (i > 0) times.push(performance.now() - started); // the first call of each warms up
  }
}
await backend.dispose();

const callMs = median(off);
console.log('Non-finite output check (NumericalError), machine shared, medians:');
console.log(`  countNonFinite on the UNet output [2,4,64,64]: ${(unetCheckMs * 1000).toFixed(1)} us`);
console.log(`  countNonFinite on a 512x512 decoder output:   ${(decoderCheckMs * 1000).toFixed(1)} us`);
console.log(
  `  test UNet call at 64x64, batch 2: ${callMs.toFixed(2)} ms unchecked, ${median(on).toFixed(2)} ms checked; the check is ${((100 * unetCheckMs) / callMs).toFixed(3)}% of the call`,
);

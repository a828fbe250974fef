// Benchmarks COW on the generated SD-shaped test models at a 64x64 latent (512 px canvas):
// wall time per phase, UNet calls, the share of wall time spent outside session.run, and peak RSS. The
// share is measured within each run (inside and outside session.run of the same run, so drift cancels) and
// summarized over --runs runs (at least 5, after one warm-up run) by scripts/paired-bench.ts: median,
// min-max and a bootstrap interval.
// (npm run bench then runs scripts/bench-attention.ts: SOW's attention modulation, time ratio and memory.)
//   npm run bench                 (reference preset, seed 42, CPU, 5 runs)
//   npm run bench -- --device cuda --preset consistent
import { parseArgs } from 'node:util';
import { createOrtNodeBackend, openModelFolder } from '@sow/backend-ort-node';
import { type CowPresetName, createCowPipeline, createSolidImage, loadStableDiffusion } from '@sow/core';
import { ensureTestModels, testModelDir } from '@sow/test-kit';
import { withRunTimer } from '../examples/web/src/page/with-run-timer.js';
import { median, summarizeRatios } from './paired-bench.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    device: { type: 'string', default: 'cpu' },
    preset: { type: 'string', default: 'reference' },
    runs: { type: 'string', default: '5' },
  },
});
const device = values.device === 'cuda' ? 'cuda' : 'cpu';
const runs = Math.max(5, Number(values.runs));

/** Time spent inside `session.run`, per phase of the current run. */
const inside = new Map<string, number>();
let phase = 'load';

ensureTestModels(['optimum']);
const backend = await createOrtNodeBackend({ device });
const models = await loadStableDiffusion({
  backend: withRunTimer(backend, (ms) => inside.set(phase, (inside.get(phase) ?? 0) + ms)),
  folder: openModelFolder(testModelDir('optimum')),
});
const cow = createCowPipeline(models);
// A 256 px skin-coloured square in the reference box on a 512 px canvas (64x64 latent).
const image = createSolidImage(256, 256, [200, 160, 140]);

console.log(
  `COW benchmark: generated test model 'optimum' (tiny random weights), 512 px canvas = 64x64 latent,`,
);
console.log(
  `preset ${values.preset}, device ${device}, ${runs} run(s); the first run warms up and is not reported.\n`,
);
const shares: number[] = [];
const totals: number[] = [];
for (let r = 0; r <= runs; r++) {
  inside.clear();
  const wall = new Map<string, number>();
  const result = await cow.generate({
    image,
    prompt: 'a photo of a person attending a formal event.',
    preset: values.preset as CowPresetName,
    seed: 42,
    onProgress: (e) => {
      if (e.type === 'phase-start') phase = e.phase;
      if (e.type === 'phase-end') wall.set(e.phase, e.ms);
    },
  });
  if (r === 0) continue;
  const total = result.timings.totalMs;
  const inRun = [...inside.values()].reduce((a, b) => a + b, 0);
  shares.push(1 - inRun / total);
  totals.push(total);
  console.log(
    `run ${r}: ${result.unetCalls} UNet calls, total ${total.toFixed(0)} ms, outside session.run ${(100 * (1 - inRun / total)).toFixed(1)}%`,
  );
  console.log('  phase              wall ms   session.run ms   outside %');
  for (const [name, ms] of wall) {
    const run = inside.get(name) ?? 0;
    console.log(
      `  ${name.padEnd(18)} ${ms.toFixed(1).padStart(8)} ${run.toFixed(1).padStart(16)} ${(100 * (1 - run / ms)).toFixed(1).padStart(11)}`,
    );
  }
}
const share = summarizeRatios(shares, 'bench-cow/outside');
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
console.log(
  `\nshare of wall time outside session.run over ${runs} runs: median ${pct(share.median)} (min-max ${pct(share.min)}-${pct(share.max)}, 95% CI ${pct(share.low)}-${pct(share.high)}); median run ${median(totals).toFixed(0)} ms`,
);
await models.dispose();
await backend.dispose();
console.log(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

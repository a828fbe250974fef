// Benchmarks COW on the generated SD-shaped test models at a 64x64 latent (512 px canvas):
// wall time per phase, UNet calls, the share of wall time spent outside session.run, and peak RSS.
// (npm run bench then runs scripts/bench-attention.ts: SOW's attention modulation, time ratio and memory.)
//   npm run bench                 (reference preset, seed 42, CPU)
//   npm run bench -- --device cuda --preset consistent
import { parseArgs } from 'node:util';
import { createOrtNodeBackend, openModelFolder } from '@sow/backend-ort-node';
import {
  type Backend,
  type CowPresetName,
  createCowPipeline,
  createSolidImage,
  loadStableDiffusion,
  type Session,
} from '@sow/core';
import { ensureTestModels, testModelDir } from '@sow/test-kit';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    device: { type: 'string', default: 'cpu' },
    preset: { type: 'string', default: 'reference' },
    runs: { type: 'string', default: '1' },
  },
});
const device = values.device === 'cuda' ? 'cuda' : 'cpu';
const runs = Math.max(1, Number(values.runs));

/** Time spent inside `session.run`, per phase of the current run. */
const inside = new Map<string, number>();
let phase = 'load';

function timed(backend: Backend): Backend {
  const wrap = (session: Session): Session => ({
    inputs: session.inputs,
    outputs: session.outputs,
    async run(feeds, options) {
      const started = performance.now();
      try {
        return await session.run(feeds, options);
      } finally {
        inside.set(phase, (inside.get(phase) ?? 0) + performance.now() - started);
      }
    },
    dispose: () => session.dispose(),
  });
  return {
    name: backend.name,
    device: backend.device,
    loadSession: async (source, options) => wrap(await backend.loadSession(source, options)),
    get openSessions() {
      return backend.openSessions;
    },
    dispose: () => backend.dispose(),
  };
}

ensureTestModels(['optimum']);
const backend = await createOrtNodeBackend({ device });
const models = await loadStableDiffusion({
  backend: timed(backend),
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
await models.dispose();
await backend.dispose();
console.log(`\npeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

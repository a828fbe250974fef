import { runPlanScene } from './plan-scene-cli.js';

// Plans a SOW scene and prints it as JSON, e.g.
//   npx tsx examples/plan-scene/src/main.ts face.png "a watercolor portrait in a garden" --provider gemini
const controller = new AbortController();
process.on('SIGINT', () => controller.abort(new Error('Interrupted.')));

try {
  const plan = await runPlanScene(process.argv.slice(2), controller.signal);
  process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

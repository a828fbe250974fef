import { parseCowDemoArgs } from './parse-cow-demo-args.js';
import { runCowDemo } from './run-cow-demo.js';

// Runs Cyclic One-Way Diffusion and writes a PNG plus a strip of intermediate steps, e.g.
//   npm start -w @sow/example-cow-demo -- --out /tmp/cow.png
//   npm start -w @sow/example-cow-demo -- --model ./sd21-base-onnx --image face.jpg --mask mask.jpg
//   npm start -w @sow/example-cow-demo -- --model hf:aislamov/stable-diffusion-2-1-base-onnx@cpu
const controller = new AbortController();
process.on('SIGINT', () => controller.abort(new Error('Interrupted.')));

try {
  await runCowDemo(
    parseCowDemoArgs(process.argv.slice(2)),
    { log: (line) => process.stdout.write(`${line}\n`), progress: (text) => process.stderr.write(text) },
    controller.signal,
  );
} catch (error) {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

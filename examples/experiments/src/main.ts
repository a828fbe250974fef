import type { LabellingServer } from '@sow/eval';
import { parseExperimentsArgs } from './parse-experiments-args.js';
import { runExperimentsCli } from './run-experiments-cli.js';

// The paper's experiments: spec → images and records → report → human labels, e.g.
//   npm start -w @sow/example-experiments -- generate examples/experiments/specs/smoke.json --out runs/smoke
//   npm start -w @sow/example-experiments -- eval runs/smoke
//   npm start -w @sow/example-experiments -- label runs/smoke
// `npm start -w` runs in this package's folder; paths on the command line are the caller's.
if (process.env.INIT_CWD !== undefined) process.chdir(process.env.INIT_CWD);
const controller = new AbortController();
let server: LabellingServer | undefined;
process.on('SIGINT', () => {
  controller.abort(new Error('Interrupted: finished images are kept; run the same command again to resume.'));
  void server?.close();
});

try {
  const result = await runExperimentsCli(
    parseExperimentsArgs(process.argv.slice(2)),
    { log: (line) => process.stdout.write(`${line}\n`), progress: (text) => process.stderr.write(text) },
    controller.signal,
  );
  if ('close' in result) server = result;
} catch (error) {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createOrtNodeBackend, readImage } from '@sow/backend-ort-node';
import {
  createHumanFaceAnalyzer,
  createUltraFaceDetector,
  type ExperimentExecutor,
  type ExperimentProgressEvent,
  type ExperimentRunSummary,
  type ExperimentSpec,
  evaluateExperiment,
  type LabellingServer,
  parseExperimentSpec,
  readExperimentRecords,
  readLabelVotes,
  runExperiment,
  serveLabelling,
  summarizeExperiment,
  writeReport,
} from '@sow/eval';
import { createFileResultStore, createGenerationQueue } from '@sow/queue';
import { ensureTestModels } from '@sow/test-kit';
import { createDemoMllm } from '../../cow-demo/src/create-demo-mllm.js';
import { createLocalExecutor } from './create-local-executor.js';
import { createQueueExecutor } from './create-queue-executor.js';
import type { ExperimentsArgs } from './parse-experiments-args.js';

/** Where the tool writes: whole lines, and progress text (carriage returns included). */
export interface ExperimentsOutput {
  /** Writes one line. */
  readonly log: (line: string) => void;
  /** Writes progress text. */
  readonly progress: (text: string) => void;
}

/** Note printed before runs on the generated test model. */
export const TEST_MODEL_NOTE =
  'Model: the generated tiny SD-shaped test model (random weights, made offline by @sow/test-kit): a smoke run, ' +
  'its images are not pictures. Pass --model-dir <Stable Diffusion 2.1 base ONNX folder> for real results.';

/** Prints job progress as `[done/total] id` lines and the running job's model calls on one line. */
function progressPrinter(output: ExperimentsOutput): (event: ExperimentProgressEvent) => void {
  return (event) => {
    if (event.type === 'pipeline') {
      const e = event.event;
      if (e.type === 'step') output.progress(`\r  ${e.completed}/${e.total} ${e.phase.padEnd(16)}`);
      return;
    }
    if (event.type === 'job-skip')
      output.log(`[${event.finished}/${event.total}] ${event.id}: already done, skipped`);
    if (event.type === 'job-start') output.log(`[${event.finished + 1}/${event.total}] ${event.id}`);
    if (event.type === 'job-done') output.progress(`\r  done in ${((event.ms ?? 0) / 1000).toFixed(1)} s\n`);
  };
}

type GenerateArgs = Extract<ExperimentsArgs, { command: 'generate' }>;

/**
 * The executor of `generate`: with `--queue`, one that sends the jobs to @sow/queue's workers (closing
 * it closes the queue's connections); else the local one on the model folder.
 */
async function openExecutor(
  args: GenerateArgs,
  spec: ExperimentSpec,
  specDir: string,
  output: ExperimentsOutput,
): Promise<ExperimentExecutor> {
  if (args.queue !== undefined) {
    const { connection } = args.queue;
    const store = createFileResultStore(args.queue.store);
    const queue = createGenerationQueue({ connection, store });
    output.log(
      `Queue: Redis at ${connection.host}:${connection.port}, results in ${args.queue.store}; the workers run the model.`,
    );
    const planner = args.provider === 'offline' ? 'offline' : 'mllm';
    const executor = createQueueExecutor({ queue, store, planner });
    return { run: (job, options) => executor.run(job, options), dispose: () => queue.close() };
  }
  const modelDir =
    args.modelDir ??
    (spec.models === undefined ? undefined : join(specDir, spec.models)) ??
    ensureTestModels(['optimum']).optimum;
  output.log(
    args.modelDir === undefined && spec.models === undefined ? TEST_MODEL_NOTE : `Model: ${modelDir}`,
  );
  const mllm = createDemoMllm(args);
  const attentionModulation = spec.methods.some((m) => m.kind === 'sow' && m.switches.attentionModulation);
  return createLocalExecutor({
    modelDir,
    device: args.device,
    attentionModulation,
    ...(mllm === undefined ? {} : { mllm }),
  });
}

/** `generate`: the spec's jobs into the output folder, locally or through the queue. */
async function generate(
  args: GenerateArgs,
  output: ExperimentsOutput,
  signal?: AbortSignal,
): Promise<ExperimentRunSummary> {
  const spec = parseExperimentSpec(JSON.parse(await readFile(args.spec, 'utf8')));
  const specDir = dirname(resolve(args.spec));
  const executor = await openExecutor(args, spec, specDir, output);
  const outDir = args.out ?? join('runs', spec.name.replace(/[^A-Za-z0-9_-]+/g, '-'));
  try {
    const summary = await runExperiment({
      spec,
      specDir,
      outDir,
      executor,
      concurrency: args.concurrency,
      onProgress: progressPrinter(output),
      ...(signal === undefined ? {} : { signal }),
    });
    output.log(
      `Generated ${summary.generated}, skipped ${summary.skipped} of ${summary.total} into ${outDir}.`,
    );
    return summary;
  } finally {
    await executor.dispose?.();
  }
}

/** `eval`: metrics, summaries and the three report files. */
async function evaluate(
  args: Extract<ExperimentsArgs, { command: 'eval' }>,
  output: ExperimentsOutput,
  signal?: AbortSignal,
) {
  const faces = await createHumanFaceAnalyzer(signal === undefined ? {} : { signal });
  // Errors only: the upstream UltraFace export lists its initializers as graph inputs, which ORT warns about.
  const quiet = { device: 'cpu', sessionOptions: { logSeverityLevel: 3 } } as const;
  const backend = args.ultraface === undefined ? undefined : await createOrtNodeBackend(quiet);
  try {
    const secondDetector =
      backend === undefined || args.ultraface === undefined
        ? undefined
        : await createUltraFaceDetector(backend, { location: args.ultraface });
    output.log(
      `Face models: ${faces.name}${secondDetector === undefined ? '' : `; second detector ${secondDetector.name}`}.`,
    );
    const metrics = await evaluateExperiment(args.dir, {
      faces,
      readImage,
      ...(secondDetector === undefined ? {} : { secondDetector }),
      onProgress: (done, total) =>
        output.progress(`\r  evaluated ${done}/${total}${done === total ? '\n' : ''}`),
      ...(signal === undefined ? {} : { signal }),
    });
    const records = await readExperimentRecords(args.dir);
    const summaries = summarizeExperiment(metrics, {
      votes: await readLabelVotes(args.dir),
      seed: args.seed,
    });
    const files = await writeReport(args.dir, {
      experiment: records[0]?.experiment ?? args.dir,
      analyzer: faces.name,
      distanceName: faces.distanceName,
      ...(secondDetector === undefined ? {} : { secondDetector: secondDetector.name }),
      records,
      metrics,
      summaries,
    });
    output.log(`Wrote ${files.join(', ')}.`);
    return files;
  } finally {
    await faces.dispose();
    await backend?.dispose();
  }
}

/**
 * Runs one command of the experiments tool (`generate`, `eval`, `label`). For `label` it returns the
 * running server; the caller closes it.
 */
export async function runExperimentsCli(
  args: ExperimentsArgs,
  output: ExperimentsOutput,
  signal?: AbortSignal,
): Promise<ExperimentRunSummary | string[] | LabellingServer> {
  if (args.command === 'generate') return generate(args, output, signal);
  if (args.command === 'eval') return evaluate(args, output, signal);
  const server = await serveLabelling({ outDir: args.dir, port: args.port });
  output.log(`Labelling page: ${server.url} (votes go to ${join(args.dir, 'labels.json')}; Ctrl-C stops).`);
  return server;
}

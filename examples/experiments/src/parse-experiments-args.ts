import { parseArgs } from 'node:util';
import { parseRedisUrl, type RedisConnection } from '@sow/queue';

/** Command-line usage of the experiments tool. */
export const USAGE = `Usage: experiments <command> [options]

  generate <spec.json>   generate every job of the spec (skips finished ones; Ctrl-C is safe)
      --out <dir>          output folder (default runs/<spec name>)
      --model-dir <dir>    Stable Diffusion ONNX folder (default: the spec's "models", else the
                           generated tiny random-weight test model, for smoke runs only)
      --device cpu|cuda    ONNX Runtime device (default cpu)
      --provider <name>    SOW's planner: offline | gemini | openai (default offline)
      --mllm-model <id>    model id for gemini/openai
      --mllm-base-url <u>  OpenAI-compatible server (Ollama, vLLM, LM Studio); no key needed then
      --queue <redis-url>  send the jobs to @sow/queue's workers instead of running locally
                           (redis://host:port; the workers load the model, so --model-dir is unused)
      --store <dir>        with --queue: the result store folder the workers write to (required)
      --concurrency <n>    jobs in flight at once (default 1; with --queue, the number of workers)
  eval <dir>             face metrics, PSNR/SSIM, votes → report.md, report.csv, report.html
      --seed <n>           bootstrap seed (default 0)
      --ultraface <file>   also count faces with the UltraFace RFB-320 ONNX detector
                           (e.g. ../shared/models/ultraface/version-RFB-320.onnx)
  label <dir>            serve the labelling page on 127.0.0.1 (votes → <dir>/labels.json)
      --port <n>           port (default 8787)`;

/** A parsed command line. */
export type ExperimentsArgs =
  | {
      readonly command: 'generate';
      readonly spec: string;
      readonly out?: string;
      readonly modelDir?: string;
      readonly device: 'cpu' | 'cuda';
      readonly provider: 'offline' | 'gemini' | 'openai';
      readonly mllmModel?: string;
      readonly mllmBaseUrl?: string;
      /** With `--queue`: the Redis of the generation queue and the workers' result store folder. */
      readonly queue?: { readonly connection: RedisConnection; readonly store: string };
      /** Jobs in flight at once. */
      readonly concurrency: number;
    }
  | { readonly command: 'eval'; readonly dir: string; readonly seed: number; readonly ultraface?: string }
  | { readonly command: 'label'; readonly dir: string; readonly port: number };

/** An integer option at least `min`, or an Error with the usage. */
function integer(name: string, text: string, min: number): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min)
    throw new Error(`--${name} must be an integer >= ${min}, got '${text}'.\n\n${USAGE}`);
  return v;
}

/** Node's parser over the tool's options. */
function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'model-dir': { type: 'string' },
      device: { type: 'string', default: 'cpu' },
      provider: { type: 'string', default: 'offline' },
      'mllm-model': { type: 'string' },
      'mllm-base-url': { type: 'string' },
      queue: { type: 'string' },
      store: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      seed: { type: 'string', default: '0' },
      ultraface: { type: 'string' },
      port: { type: 'string', default: '8787' },
    },
  });
}

/** Parses the command line; throws an Error with the usage text on bad input (and for `--help`). */
export function parseExperimentsArgs(argv: readonly string[]): ExperimentsArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command, target, ...extra] = positionals;
  if (target === undefined || extra.length > 0 || !['generate', 'eval', 'label'].includes(command ?? '')) {
    throw new Error(`Expected a command and one path, got '${positionals.join(' ')}'.\n\n${USAGE}`);
  }
  if (command === 'eval') {
    const ultraface = values.ultraface === undefined ? {} : { ultraface: values.ultraface };
    return { command, dir: target, seed: integer('seed', values.seed, 0), ...ultraface };
  }
  if (command === 'label') return { command, dir: target, port: integer('port', values.port, 0) };
  if (values.device !== 'cpu' && values.device !== 'cuda') {
    throw new Error(`--device must be cpu or cuda, got '${values.device}'.\n\n${USAGE}`);
  }
  const provider = values.provider;
  if (provider !== 'offline' && provider !== 'gemini' && provider !== 'openai') {
    throw new Error(`--provider must be offline, gemini or openai, got '${provider}'.\n\n${USAGE}`);
  }
  let queue: { connection: RedisConnection; store: string } | undefined;
  if (values.queue !== undefined) {
    if (values.store === undefined) throw new Error(`--queue needs --store <dir>.\n\n${USAGE}`);
    try {
      queue = { connection: parseRedisUrl(values.queue, 'experiments', '--queue'), store: values.store };
    } catch (error) {
      throw new Error(`${(error as Error).message}\n\n${USAGE}`);
    }
  } else if (values.store !== undefined) {
    throw new Error(`--store is only used with --queue.\n\n${USAGE}`);
  }
  return {
    command: 'generate',
    spec: target,
    device: values.device,
    provider,
    concurrency: integer('concurrency', values.concurrency, 1),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values['model-dir'] === undefined ? {} : { modelDir: values['model-dir'] }),
    ...(values['mllm-model'] === undefined ? {} : { mllmModel: values['mllm-model'] }),
    ...(values['mllm-base-url'] === undefined ? {} : { mllmBaseUrl: values['mllm-base-url'] }),
    ...(queue === undefined ? {} : { queue }),
  };
}

import { parseArgs } from 'node:util';

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
  return {
    command: 'generate',
    spec: target,
    device: values.device,
    provider,
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values['model-dir'] === undefined ? {} : { modelDir: values['model-dir'] }),
    ...(values['mllm-model'] === undefined ? {} : { mllmModel: values['mllm-model'] }),
    ...(values['mllm-base-url'] === undefined ? {} : { mllmBaseUrl: values['mllm-base-url'] }),
  };
}

import { parseArgs } from 'node:util';
import { COW_PRESETS, type CowBox, type CowPresetName, type NoiseKind } from '@sow/core';

/** Command-line usage of the COW demo. */
export const USAGE = `Usage: cow-demo [options]

  --image <file>      condition image, PNG or JPEG (default: a built-in test card)
  --mask <file>       keep-mask with the image's aspect ratio; black = keep (default: keep all)
  --prompt <text>     text condition (default "a photo of a person attending a formal event.")
  --preset <name>     ${Object.keys(COW_PRESETS).join(' | ')} (default reference)
  --box x,y,w,h       where the condition goes on the canvas, in pixels
                      (default: a half-size square at the top centre, 128,0,256,256 on 512)
  --canvas <px>       square canvas size (default 512 with --model, 128 for the test model)
  --cycles <n>        override the preset's number of cycles
  --seed <n>          seed (default 42)
  --noise <kind>      philox | torch-cpu: sow's generator, or PyTorch's CPU generator drawn
                      as the official code draws (default philox)
  --out <file.png>    output image (default cow.png); the strip goes to <out>-strip.png
  --plan-svg <file>   also draw the run's COW plan as an SVG timeline (cowScheduleSvg)
  --model <dir|id>    Stable Diffusion 2.1 base ONNX folder (diffusers/Optimum layout), or a
                      Hugging Face model id hf:owner/name[@revision][/subfolder], downloaded once
                      into the Hugging Face cache (HF_TOKEN, HF_ENDPOINT, HF_HUB_CACHE, HF_HUB_OFFLINE);
                      without it the demo runs offline on a tiny generated random-weight model
  --model-dir <dir>   the same as --model
  --variant fp32|fp16 precision to fetch where a Hub repo has both (default fp32)
  --device cpu|cuda   ONNX Runtime device (default cpu)
  --method cow|sow    COW, or SOW: scene plan + attention modulation in the cycles (default cow)
  --provider <name>   SOW's scene planner: offline | random | gemini | openai (default offline);
                      gemini reads GEMINI_API_KEY, openai reads OPENAI_API_KEY
  --mllm-model <id>   model id for gemini/openai (defaults: the adapter's, gpt-4o-mini for openai)
  --mllm-base-url <u> OpenAI-compatible server (Ollama, vLLM, LM Studio); no key needed then`;

/** SOW scene planners the demo offers. */
export const DEMO_PROVIDERS = ['offline', 'random', 'gemini', 'openai'] as const;

/** Parsed command line of the COW demo. */
export interface CowDemoArgs {
  /** Condition image path; undefined = built-in test card. */
  readonly image?: string;
  /** Mask path. */
  readonly mask?: string;
  /** Text condition. */
  readonly prompt: string;
  /** Preset name. */
  readonly preset: CowPresetName;
  /** Box in canvas pixels; undefined = the default for the canvas. */
  readonly box?: CowBox;
  /** Canvas side in pixels; undefined = default for the model. */
  readonly canvas?: number;
  /** Cycles override. */
  readonly cycles?: number;
  /** Seed. */
  readonly seed: number;
  /** Which generator the seed drives. */
  readonly noise: NoiseKind;
  /** Output PNG path. */
  readonly out: string;
  /** Where to write the plan's SVG timeline; undefined = not drawn. */
  readonly planSvg?: string;
  /** Real model folder or `hf:` id; undefined = generated test model. */
  readonly modelDir?: string;
  /** Precision to fetch where a Hub repository has both. */
  readonly variant: 'fp32' | 'fp16';
  /** ONNX Runtime device. */
  readonly device: 'cpu' | 'cuda';
  /** COW, or SOW (scene plan and attention modulation). */
  readonly method: 'cow' | 'sow';
  /** SOW's scene planner. */
  readonly provider: (typeof DEMO_PROVIDERS)[number];
  /** MLLM model id for gemini/openai. */
  readonly mllmModel?: string;
  /** OpenAI-compatible base URL. */
  readonly mllmBaseUrl?: string;
}

function integer(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min)
    throw new Error(`--${name} must be an integer >= ${min}, got '${text}'.\n\n${USAGE}`);
  return v;
}

/** `text` when it is one of the two `options` of `--name`; otherwise an Error with the usage text. */
function choice<T extends string>(name: string, text: string, options: readonly [T, T]): T {
  if (!(options as readonly string[]).includes(text)) {
    throw new Error(`--${name} must be ${options.join(' or ')}, got '${text}'.\n\n${USAGE}`);
  }
  return text as T;
}

/** Parses and checks the demo's command line; throws an Error with the usage text on bad input. */
export function parseCowDemoArgs(argv: readonly string[]): CowDemoArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      image: { type: 'string' },
      mask: { type: 'string' },
      prompt: { type: 'string', default: 'a photo of a person attending a formal event.' },
      preset: { type: 'string', default: 'reference' },
      box: { type: 'string' },
      canvas: { type: 'string' },
      cycles: { type: 'string' },
      seed: { type: 'string', default: '42' },
      noise: { type: 'string', default: 'philox' },
      out: { type: 'string', default: 'cow.png' },
      model: { type: 'string' },
      'plan-svg': { type: 'string' },
      'model-dir': { type: 'string' },
      variant: { type: 'string', default: 'fp32' },
      device: { type: 'string', default: 'cpu' },
      method: { type: 'string', default: 'cow' },
      provider: { type: 'string', default: 'offline' },
      'mllm-model': { type: 'string' },
      'mllm-base-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  if (!Object.hasOwn(COW_PRESETS, values.preset)) {
    throw new Error(`Unknown preset '${values.preset}'.\n\n${USAGE}`);
  }
  const device = choice('device', values.device, ['cpu', 'cuda']);
  const method = choice('method', values.method, ['cow', 'sow']);
  const variant = choice('variant', values.variant, ['fp32', 'fp16']);
  const model = values.model ?? values['model-dir'];
  const provider = DEMO_PROVIDERS.find((p) => p === values.provider);
  if (provider === undefined) {
    throw new Error(
      `--provider must be one of ${DEMO_PROVIDERS.join(', ')}, got '${values.provider}'.\n\n${USAGE}`,
    );
  }
  let box: CowBox | undefined;
  if (values.box !== undefined) {
    const parts = values.box.split(',').map(Number);
    if (parts.length !== 4 || !parts.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new Error(`--box must be four non-negative integers x,y,w,h, got '${values.box}'.\n\n${USAGE}`);
    }
    const [x = 0, y = 0, width = 0, height = 0] = parts;
    box = { x, y, width, height };
  }
  const canvas = integer('canvas', values.canvas, 16);
  const cycles = integer('cycles', values.cycles, 1);
  const seed = integer('seed', values.seed, 0) ?? 42;
  const noise = choice('noise', values.noise, ['philox', 'torch-cpu']);
  if (!values.out.toLowerCase().endsWith('.png'))
    throw new Error(`--out must name a .png file, got '${values.out}'.`);
  const planSvg = values['plan-svg'];
  if (planSvg !== undefined && !planSvg.toLowerCase().endsWith('.svg'))
    throw new Error(`--plan-svg must name a .svg file, got '${planSvg}'.`);
  return {
    prompt: values.prompt,
    preset: values.preset as CowPresetName,
    seed,
    noise,
    out: values.out,
    device,
    method,
    variant,
    provider,
    ...(values['mllm-model'] === undefined ? {} : { mllmModel: values['mllm-model'] }),
    ...(values['mllm-base-url'] === undefined ? {} : { mllmBaseUrl: values['mllm-base-url'] }),
    ...(values.image === undefined ? {} : { image: values.image }),
    ...(values.mask === undefined ? {} : { mask: values.mask }),
    ...(box === undefined ? {} : { box }),
    ...(canvas === undefined ? {} : { canvas }),
    ...(cycles === undefined ? {} : { cycles }),
    ...(model === undefined ? {} : { modelDir: model }),
    ...(planSvg === undefined ? {} : { planSvg }),
  };
}

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { type MllmModel, planScene, planSceneOffline, planSceneRandom, type ScenePlan } from '@sow/core';
import { createGeminiMllm } from '@sow/mllm-gemini';
import { createOpenAiCompatibleMllm } from '@sow/mllm-openai';

export const USAGE = `Usage: plan-scene <image> <prompt> [options]

  --provider gemini|openai|offline|random   where the plan comes from (default offline)
  --model <name>        model (gemini default gemini-2.5-flash; openai default gpt-4o-mini)
  --base-url <url>      server for --provider openai (default https://api.openai.com/v1),
                        e.g. http://localhost:11434/v1 for Ollama
  --no-key              the OpenAI-compatible server needs no API key
  --seed <n>            seed for --provider random (default 0) and the MLLM sampler
  --timeout <ms>        per-request timeout (default 60000)

Keys come from GEMINI_API_KEY / OPENAI_API_KEY. Canvas: 512 x 512.`;

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};

/** Parses the command line, plans the scene and returns it; throws with a readable message on bad input. */
export async function runPlanScene(argv: readonly string[], signal?: AbortSignal): Promise<ScenePlan> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      provider: { type: 'string', default: 'offline' },
      model: { type: 'string' },
      'base-url': { type: 'string' },
      'no-key': { type: 'boolean', default: false },
      seed: { type: 'string' },
      timeout: { type: 'string', default: '60000' },
      help: { type: 'boolean', default: false },
    },
  });
  const [imagePath, prompt] = positionals;
  if (values.help || imagePath === undefined || prompt === undefined) throw new Error(USAGE);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const provider = values.provider;
  if (!['gemini', 'openai', 'offline', 'random'].includes(provider)) {
    throw new Error(`Unknown provider '${provider}'.\n\n${USAGE}`);
  }
  if (provider === 'offline') return planSceneOffline({ prompt });
  if (provider === 'random') return planSceneRandom({ prompt, seed: seed ?? 0 });

  const mimeType = MIME[extname(imagePath).toLowerCase()];
  if (mimeType === undefined)
    throw new Error(`Unknown image type '${extname(imagePath)}'; use ${Object.keys(MIME).join(', ')}.`);
  const data = new Uint8Array(await readFile(imagePath));
  const timeoutMs = Number(values.timeout);
  let mllm: MllmModel;
  if (provider === 'gemini') {
    mllm = createGeminiMllm({ timeoutMs, ...(values.model === undefined ? {} : { model: values.model }) });
  } else {
    mllm = createOpenAiCompatibleMllm({
      baseUrl: values['base-url'] ?? 'https://api.openai.com/v1',
      model: values.model ?? 'gpt-4o-mini',
      requireApiKey: !values['no-key'],
      timeoutMs,
    });
  }
  return planScene(mllm, {
    image: { mimeType, data },
    prompt,
    temperature: 0,
    ...(seed === undefined ? {} : { seed }),
    ...(signal === undefined ? {} : { signal }),
  });
}

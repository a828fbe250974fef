import type { MllmModel } from '@sow/core';
import { createGeminiMllm } from '@sow/mllm-gemini';
import { createOpenAiCompatibleMllm } from '@sow/mllm-openai';
import type { CowDemoArgs } from './parse-cow-demo-args.js';

/**
 * The MLLM behind the demo's `--provider` (undefined for the offline and random planners); the experiments
 * tool (examples/experiments) uses it too.
 */
export function createDemoMllm(
  args: Pick<CowDemoArgs, 'provider' | 'mllmModel' | 'mllmBaseUrl'>,
): MllmModel | undefined {
  if (args.provider === 'gemini') {
    return createGeminiMllm(args.mllmModel === undefined ? {} : { model: args.mllmModel });
  }
  if (args.provider === 'openai') {
    return createOpenAiCompatibleMllm({
      baseUrl: args.mllmBaseUrl ?? 'https://api.openai.com/v1',
      model: args.mllmModel ?? 'gpt-4o-mini',
      requireApiKey: args.mllmBaseUrl === undefined,
    });
  }
  return undefined;
}

import type { MllmModel } from '@sow/core';
import { createGeminiMllm } from '@sow/mllm-gemini';
import { createOpenAiCompatibleMllm } from '@sow/mllm-openai';
import type { ExperimentsArgs } from './parse-experiments-args.js';

/** SOW's planner for `--provider`: Gemini, an OpenAI-compatible server, or none (offline). */
export function createExperimentMllm(
  args: Extract<ExperimentsArgs, { command: 'generate' }>,
): MllmModel | undefined {
  if (args.provider === 'gemini')
    return createGeminiMllm(args.mllmModel === undefined ? {} : { model: args.mllmModel });
  if (args.provider === 'openai') {
    return createOpenAiCompatibleMllm({
      baseUrl: args.mllmBaseUrl ?? 'https://api.openai.com/v1',
      model: args.mllmModel ?? 'gpt-4o-mini',
      requireApiKey: args.mllmBaseUrl === undefined,
    });
  }
  return undefined;
}

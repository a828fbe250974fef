import {
  callWithRetries,
  encodeBase64,
  InvalidArgumentError,
  type MllmCallSettings,
  type MllmModel,
  MllmProviderError,
  type MllmRequest,
  MllmResponseError,
  resolveMllmCallSettings,
} from '@sow/core';
import OpenAI, { BadRequestError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { readOpenAiFailure } from './read-openai-failure.js';

/** Construction settings of {@link createOpenAiCompatibleMllm}; timeout and retry fields default as in `DEFAULT_MLLM_CALL_SETTINGS`. */
export interface OpenAiCompatibleMllmSettings extends Partial<MllmCallSettings> {
  /**
   * Chat-completions endpoint root: `https://api.openai.com/v1`, `http://localhost:11434/v1` (Ollama),
   * `http://localhost:8000/v1` (vLLM), `http://localhost:1234/v1` (LM Studio).
   */
  readonly baseUrl: string;
  /** Model name on that server, such as `gpt-4o-mini`, `qwen2.5vl:7b` or `llava`. */
  readonly model: string;
  /** API key; when absent and `requireApiKey` is true, `OPENAI_API_KEY` is read at each call. */
  readonly apiKey?: string;
  /**
   * Whether a key is needed (default true): without `apiKey` or `OPENAI_API_KEY` the call then fails at
   * once, before any request. Set false for local servers without auth; the environment is then not read.
   */
  readonly requireApiKey?: boolean;
  /**
   * How the schema is requested: `json_schema` (default; OpenAI, Ollama, vLLM, LM Studio), `json_object`
   * (servers without schema support; the stage prompt still spells out the format) or `none`.
   */
  readonly responseFormat?: 'json_schema' | 'json_object' | 'none';
  /** Request field for the token limit: `max_tokens` (default, widest support) or `max_completion_tokens` (OpenAI reasoning models). */
  readonly maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /** Provider name used in errors; default `openai-compatible`. */
  readonly provider?: string;
}

const FN = 'createOpenAiCompatibleMllm';
const NO_KEY = 'no-key';

const readEnvKey = (): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.OPENAI_API_KEY;

function toContent(request: MllmRequest): ChatCompletionContentPart[] {
  return request.parts.map((part) =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : {
          type: 'image_url',
          image_url: { url: `data:${part.image.mimeType};base64,${encodeBase64(part.image.data)}` },
        },
  );
}

/** The reply text, or a `MllmResponseError` for a refusal, a content filter or an empty reply. */
function readText(provider: string, completion: ChatCompletion): string {
  const choice = completion.choices?.[0];
  if (choice === undefined) throw new MllmResponseError(provider, 'empty', 'no choices in the reply');
  const refusal = choice.message?.refusal;
  if (typeof refusal === 'string' && refusal !== '')
    throw new MllmResponseError(provider, 'refusal', refusal);
  if (choice.finish_reason === 'content_filter') {
    throw new MllmResponseError(provider, 'content_filter', 'the reply was withheld by the content filter');
  }
  const text = choice.message?.content ?? '';
  if (text.trim() === '')
    throw new MllmResponseError(provider, choice.finish_reason ?? 'empty', 'the reply has no text');
  return text;
}

/**
 * Creates an {@link MllmModel} for any server speaking OpenAI's chat-completions wire format (OpenAI,
 * Ollama, vLLM, LM Studio, ...), on the official `openai` SDK: images as `data:` URL parts, JSON output
 * through `response_format: json_schema`, `signal` passed through, a per-attempt timeout and retries with
 * backoff on 408/429/5xx that honour `retry-after-ms` / `Retry-After`. Failures become
 * `MllmProviderError { provider, status }`, refusals, content filters and empty replies
 * `MllmResponseError`. No message ever contains the API key.
 * @example
 * ```ts
 * import { planScene } from '@sow/core';
 * import { createOpenAiCompatibleMllm } from '@sow/mllm-openai';
 *
 * // A local Ollama server with a vision model, no key needed.
 * const mllm = createOpenAiCompatibleMllm({
 *   baseUrl: 'http://localhost:11434/v1',
 *   model: 'qwen2.5vl:7b',
 *   requireApiKey: false,
 * });
 * const plan = await planScene(mllm, { image: { mimeType: 'image/png', data: pngBytes }, prompt: 'a knight' });
 * ```
 */
export function createOpenAiCompatibleMllm(settings: OpenAiCompatibleMllmSettings): MllmModel {
  if (typeof settings !== 'object' || settings === null) {
    throw new InvalidArgumentError(FN, 'settings', '{ baseUrl, model, ... }', settings);
  }
  const {
    baseUrl,
    model,
    apiKey,
    requireApiKey = true,
    responseFormat = 'json_schema',
    maxTokensField = 'max_tokens',
    provider = 'openai-compatible',
    ...callSettings
  } = settings;
  const call = resolveMllmCallSettings(FN, callSettings);
  if (typeof baseUrl !== 'string' || !/^https?:\/\/\S+$/.test(baseUrl)) {
    throw new InvalidArgumentError(
      FN,
      'settings.baseUrl',
      'an http(s) URL such as http://localhost:11434/v1',
      baseUrl,
    );
  }
  if (typeof model !== 'string' || model === '')
    throw new InvalidArgumentError(FN, 'settings.model', 'a model name', model);
  if (!['json_schema', 'json_object', 'none'].includes(responseFormat)) {
    throw new InvalidArgumentError(
      FN,
      'settings.responseFormat',
      "'json_schema', 'json_object' or 'none'",
      responseFormat,
    );
  }
  return {
    provider,
    modelId: model,
    async generate(request) {
      request.signal?.throwIfAborted();
      const key = apiKey ?? (requireApiKey ? readEnvKey() : undefined);
      if (requireApiKey && (key === undefined || key === '')) {
        throw new MllmProviderError(
          provider,
          undefined,
          'no API key: pass settings.apiKey or set OPENAI_API_KEY (or requireApiKey: false for a server without auth)',
        );
      }
      const client = new OpenAI({
        apiKey: key ?? NO_KEY,
        baseURL: baseUrl,
        maxRetries: 0,
        timeout: call.timeoutMs + 1000,
      });
      const schema = request.jsonSchema;
      const body: ChatCompletionCreateParamsNonStreaming = {
        model,
        messages: [{ role: 'user', content: toContent(request) }],
        ...(schema === undefined || responseFormat === 'none'
          ? {}
          : responseFormat === 'json_object'
            ? { response_format: { type: 'json_object' } }
            : {
                response_format: {
                  type: 'json_schema',
                  json_schema: { name: schema.name, schema: { ...schema.schema }, strict: true },
                },
              }),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.seed === undefined ? {} : { seed: request.seed }),
        ...(request.maxTokens === undefined ? {} : { [maxTokensField]: request.maxTokens }),
      };
      const completion = await callWithRetries(
        provider,
        async (signal) => {
          try {
            return await client.chat.completions.create(body, { signal });
          } catch (error) {
            if (error instanceof BadRequestError && error.code === 'content_filter') {
              throw new MllmResponseError(
                provider,
                'content_filter',
                'the prompt was rejected by the content filter',
              );
            }
            throw error;
          }
        },
        (error) => readOpenAiFailure(error, key),
        call,
        request.signal,
      );
      return { text: readText(provider, completion) };
    },
  };
}

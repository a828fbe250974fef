import {
  type GenerateContentConfig,
  type GenerateContentResponse,
  GoogleGenAI,
  type Part,
} from '@google/genai';
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
import { readGeminiFailure } from './read-gemini-failure.js';

/** Construction settings of {@link createGeminiMllm}; timeout and retry fields default as in `DEFAULT_MLLM_CALL_SETTINGS`. */
export interface GeminiMllmSettings extends Partial<MllmCallSettings> {
  /** Gemini API key; when absent, `GEMINI_API_KEY` is read at each call. Ignored when `client` is given. */
  readonly apiKey?: string;
  /** Model name; default {@link DEFAULT_GEMINI_MODEL}. */
  readonly model?: string;
  /** A ready `GoogleGenAI` client (for Vertex AI or custom auth); it brings its own credentials. */
  readonly client?: GoogleGenAI;
  /** API endpoint instead of `https://generativelanguage.googleapis.com` (a proxy, or a local test server). */
  readonly baseUrl?: string;
}

/** The model {@link createGeminiMllm} uses by default. The paper used Gemini-1.5-pro, which is retired. */
export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';

const PROVIDER = 'gemini';
const FN = 'createGeminiMllm';

/** Finish reasons that mean the reply was withheld, whatever text came with it. */
const BLOCKED = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'LANGUAGE',
]);

const readEnvKey = (): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.GEMINI_API_KEY;

function toParts(request: MllmRequest): Part[] {
  return request.parts.map((part) =>
    part.type === 'text'
      ? { text: part.text }
      : { inlineData: { mimeType: part.image.mimeType, data: encodeBase64(part.image.data) } },
  );
}

function toConfig(request: MllmRequest): GenerateContentConfig {
  return {
    ...(request.jsonSchema === undefined
      ? {}
      : { responseMimeType: 'application/json', responseJsonSchema: request.jsonSchema.schema }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.maxTokens === undefined ? {} : { maxOutputTokens: request.maxTokens }),
  };
}

/** The reply text, or a `MllmResponseError` when Gemini blocked or emptied it. */
function readText(response: GenerateContentResponse): string {
  const feedback = response.promptFeedback;
  if (feedback?.blockReason !== undefined) {
    throw new MllmResponseError(
      PROVIDER,
      String(feedback.blockReason),
      feedback.blockReasonMessage ?? 'prompt blocked',
    );
  }
  const candidate = response.candidates?.[0];
  if (candidate === undefined) throw new MllmResponseError(PROVIDER, 'empty', 'no candidates in the reply');
  const reason = candidate.finishReason === undefined ? undefined : String(candidate.finishReason);
  if (reason !== undefined && BLOCKED.has(reason)) {
    throw new MllmResponseError(PROVIDER, reason, candidate.finishMessage ?? 'candidate withheld');
  }
  const text = (candidate.content?.parts ?? [])
    .filter((p) => typeof p.text === 'string' && p.thought !== true)
    .map((p) => p.text)
    .join('');
  if (text.trim() === '')
    throw new MllmResponseError(PROVIDER, reason ?? 'empty', 'the candidate has no text');
  return text;
}

/**
 * Creates an {@link MllmModel} on Google's official `@google/genai` SDK: JSON output constrained by the
 * request's schema (`responseJsonSchema`), images as inline base64 data, `signal` passed through, a
 * per-attempt timeout and retries with backoff on 408/429/5xx that honour `Retry-After` (or Gemini's
 * `RetryInfo.retryDelay`). Failures become `MllmProviderError { provider: 'gemini', status }`, blocked
 * or empty replies `MllmResponseError`. The API key is read at call time from `settings.apiKey` or
 * `GEMINI_API_KEY`; without one the call fails at once, before any request, and no message ever
 * contains the key.
 * @example
 * ```ts
 * import { planScene } from '@sow/core';
 * import { createGeminiMllm } from '@sow/mllm-gemini';
 *
 * const plan = await planScene(createGeminiMllm({ model: 'gemini-2.5-flash' }), {
 *   image: { mimeType: 'image/jpeg', data: jpegBytes },
 *   prompt: 'a man reading in a library, oil painting',
 * });
 * ```
 */
export function createGeminiMllm(settings: GeminiMllmSettings = {}): MllmModel {
  const { apiKey, model = DEFAULT_GEMINI_MODEL, client, baseUrl, ...callSettings } = settings;
  const call = resolveMllmCallSettings(FN, callSettings);
  if (typeof model !== 'string' || model === '')
    throw new InvalidArgumentError(FN, 'settings.model', 'a model name', model);
  if (baseUrl !== undefined && !/^https?:\/\/\S+$/.test(baseUrl)) {
    throw new InvalidArgumentError(FN, 'settings.baseUrl', 'an http(s) URL', baseUrl);
  }
  return {
    provider: PROVIDER,
    modelId: model,
    async generate(request) {
      request.signal?.throwIfAborted();
      const key = client === undefined ? (apiKey ?? readEnvKey()) : undefined;
      if (client === undefined && (key === undefined || key === '')) {
        throw new MllmProviderError(
          PROVIDER,
          undefined,
          'no API key: pass settings.apiKey or set GEMINI_API_KEY',
        );
      }
      const genai =
        client ??
        new GoogleGenAI({
          apiKey: key as string,
          ...(baseUrl === undefined ? {} : { httpOptions: { baseUrl } }),
        });
      const contents = [{ role: 'user', parts: toParts(request) }];
      const config = toConfig(request);
      // Gemini's SDK errors carry the status but not the headers, so a recording fetch keeps Retry-After.
      let retryAfter: string | null = null;
      const recordingFetch: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        retryAfter = res.headers.get('retry-after');
        return res;
      };
      const response = await callWithRetries(
        PROVIDER,
        (signal) => {
          retryAfter = null;
          return genai.models.generateContent({
            model,
            contents,
            config: { ...config, abortSignal: signal, httpOptions: { fetch: recordingFetch } },
          });
        },
        (error) => readGeminiFailure(error, retryAfter, key),
        call,
        request.signal,
      );
      return { text: readText(response) };
    },
  };
}

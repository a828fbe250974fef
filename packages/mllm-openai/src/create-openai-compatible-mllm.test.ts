import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { MllmProviderError, planScene } from '@sow/core';
import { type ScriptedHandler, type ScriptedServer, sendJson, startScriptedServer } from '@sow/test-kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createOpenAiCompatibleMllm,
  type OpenAiCompatibleMllmSettings,
} from './create-openai-compatible-mllm.js';

const KEY = 'sk-test-0123456789abcdefghijklmnop';
const MODEL = 'gpt-4o-mini';

interface Body {
  model: string;
  messages: { role: string; content: { type: string; text?: string; image_url?: { url: string } }[] }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
  temperature?: number;
  seed?: number;
  max_tokens?: number;
}
type Handler = ScriptedHandler<Body>;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  sendJson(res, status, body, { 'x-request-id': 'req_test', ...headers });
const completion = (content: string | null, finish = 'stop', refusal: string | null = null) => ({
  id: 'chatcmpl-test',
  object: 'chat.completion',
  created: 1_730_000_000,
  model: `${MODEL}-2024-07-18`,
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content, refusal, annotations: [] },
      logprobs: null,
      finish_reason: finish,
    },
  ],
  usage: { prompt_tokens: 312, completion_tokens: 21, total_tokens: 333 },
  system_fingerprint: 'fp_test',
});
const reply =
  (text: string): Handler =>
  (_, res) =>
    json(res, 200, completion(text));
const apiError =
  (status: number, type: string, message: string, headers: Record<string, string> = {}): Handler =>
  (_, res) =>
    json(res, status, { error: { message, type, param: null, code: null } }, headers);
const hang: Handler = () => {};
const byStage =
  (answers: { intensify?: string; position?: string; related?: string }): Handler =>
  (s, res) => {
    const name = s.body.response_format?.json_schema?.name ?? '';
    const stage = name.includes('intensified')
      ? 'intensify'
      : name.includes('related')
        ? 'related'
        : 'position';
    const text = answers[stage];
    if (text === undefined) throw new Error(`no answer for ${stage}`);
    reply(text)(s, res);
  };

/** An OpenAI chat-completions look-alike on 127.0.0.1: answers from a queue of handlers. */
let server: ScriptedServer<Body>;

beforeAll(async () => {
  server = await startScriptedServer<Body>({
    basePath: '/v1',
    intercept: (s, res) => {
      const auth = s.headers.authorization;
      if (auth === `Bearer ${KEY}` || auth === 'Bearer no-key') return false;
      json(res, 401, {
        error: {
          message: `Incorrect API key provided: ${auth?.slice(7)}.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
      return true;
    },
    onEmpty: apiError(500, 'server_error', 'test server has no handler left'),
  });
});

afterAll(() => server.close());

beforeEach(() => server.reset());

const image = { mimeType: 'image/jpeg', data: Uint8Array.from({ length: 301 }, (_, i) => (i * 53) & 255) };
const prompt = 'a smiling man on a beach at sunset';
const mllm = (extra: Partial<OpenAiCompatibleMllmSettings> = {}) =>
  createOpenAiCompatibleMllm({
    baseUrl: server.baseUrl,
    model: MODEL,
    apiKey: KEY,
    timeoutMs: 5000,
    initialDelayMs: 20,
    ...extra,
  });
const hi = { parts: [{ type: 'text' as const, text: 'hi' }] };
const good = {
  intensify:
    '{"description": "adult man, short dark hair", "intensified_prompt": "a smiling adult man with short dark hair on a beach at sunset"}',
  position: '{"bbox": [144, 48, 224, 224]}',
  related: '{"related_bbox": [64, 160, 384, 352]}',
};

describe('createOpenAiCompatibleMllm against a local chat-completions server', () => {
  it('plans a scene and sends data-URL image parts with a strict json_schema response format', async () => {
    server.enqueue(byStage(good), byStage(good), byStage(good));
    const plan = await planScene(mllm(), { image, prompt, temperature: 0, seed: 5, maxTokens: 200 });
    expect(plan).toMatchObject({
      prompt: 'a smiling adult man with short dark hair on a beach at sunset',
      box: [144, 48, 224, 224],
      relatedBox: [64, 160, 384, 352],
      provenance: { prompt: { source: 'model' }, box: { source: 'model' }, relatedBox: { source: 'model' } },
    });
    expect(server.seen).toHaveLength(3);
    for (const s of server.seen) {
      expect(s.path).toBe('/v1/chat/completions');
      expect(s.body).toMatchObject({ model: MODEL, temperature: 0, seed: 5, max_tokens: 200 });
      expect(s.body.messages[0]?.content[0]).toEqual({
        type: 'image_url',
        image_url: { url: `data:image/jpeg;base64,${Buffer.from(image.data).toString('base64')}` },
      });
      expect(s.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
    }
  });

  it('retries malformed JSON once, then falls back with provenance', async () => {
    const broken = { ...good, related: '{"related_bbox": [64, 160,' };
    server.enqueue(byStage(good), byStage(good), byStage(broken), byStage(broken));
    const plan = await planScene(mllm(), { image, prompt });
    expect(server.seen).toHaveLength(4);
    // Spec 5.2 fallback for [144, 48, 224, 224]: x 144 - 112 = 32 to 144 + 336 = 480, y 48 + 112 = 160 to 512.
    expect(plan.relatedBox).toEqual([32, 160, 448, 352]);
    expect(plan.provenance.relatedBox).toMatchObject({
      source: 'fallback',
      note: expect.stringMatching(/after one retry/),
    });
  });

  it('clamps out-of-range boxes and falls back on wrongly typed ones', async () => {
    const bad = {
      ...good,
      position: '{"bbox": [-100, 700, 120, 120]}',
      related: '{"related_bbox": {"x": 0}}',
    };
    server.enqueue(byStage(bad), byStage(bad), byStage(bad), byStage(bad));
    const plan = await planScene(mllm(), { image, prompt });
    expect(plan.box).toEqual([0, 328, 184, 184]);
    expect(plan.provenance.box).toMatchObject({ source: 'model', adjusted: true });
    expect(plan.relatedBox).toEqual([0, 416, 280, 96]);
    expect(plan.provenance.relatedBox.source).toBe('fallback');
  });

  it('maps refusals and content filters to MllmResponseError', async () => {
    server.enqueue(
      (_, res) => json(res, 200, completion(null, 'stop', "I'm sorry, I can't help with that.")),
      (_, res) => json(res, 200, completion(null, 'content_filter')),
      (_, res) =>
        json(res, 400, {
          error: {
            message: 'The response was filtered due to the prompt triggering content management policy.',
            type: null,
            param: 'prompt',
            code: 'content_filter',
            status: 400,
          },
        }),
    );
    await expect(mllm().generate(hi)).rejects.toMatchObject({ code: 'MLLM_RESPONSE', reason: 'refusal' });
    await expect(mllm().generate(hi)).rejects.toMatchObject({
      code: 'MLLM_RESPONSE',
      reason: 'content_filter',
    });
    await expect(mllm().generate(hi)).rejects.toMatchObject({
      code: 'MLLM_RESPONSE',
      reason: 'content_filter',
    });
    expect(server.seen).toHaveLength(3);
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    server.enqueue(
      apiError(429, 'requests', 'Rate limit reached for gpt-4o-mini. Please try again in 1s.', {
        'retry-after': '1',
      }),
      reply('{"ok": true}'),
    );
    expect((await mllm().generate(hi)).text).toBe('{"ok": true}');
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries 500 and then reports MllmProviderError with the status', async () => {
    server.enqueue(
      apiError(500, 'server_error', 'The server had an error.'),
      apiError(500, 'server_error', 'The server had an error.'),
      apiError(500, 'server_error', 'The server had an error.'),
    );
    const error = await mllm({ maxRetries: 2 })
      .generate(hi)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MllmProviderError);
    expect(error).toMatchObject({
      provider: 'openai-compatible',
      status: 500,
      message: expect.stringMatching(/server had an error/),
    });
    expect(server.seen).toHaveLength(3);
  });

  it('times out a hung response', async () => {
    server.enqueue(hang);
    await expect(mllm({ timeoutMs: 300, maxRetries: 0 }).generate(hi)).rejects.toMatchObject({
      code: 'MLLM_PROVIDER',
      status: undefined,
      message: expect.stringMatching(/within 300 ms/),
    });
  });

  it('rejects with the signal reason when aborted mid-request', async () => {
    server.enqueue(hang);
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const pending = mllm().generate({ ...hi, signal: controller.signal });
    await vi.waitFor(() => expect(server.seen).toHaveLength(1), { timeout: 5000, interval: 10 });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('fails at once without a key, naming the option and the variable, before any request', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    try {
      const model = createOpenAiCompatibleMllm({ baseUrl: server.baseUrl, model: MODEL });
      await expect(model.generate(hi)).rejects.toThrow(/apiKey.*OPENAI_API_KEY/);
      expect(server.seen).toHaveLength(0);
      // A keyless local server works when the key is declared unnecessary.
      server.enqueue(reply('{}'));
      await createOpenAiCompatibleMllm({
        baseUrl: server.baseUrl,
        model: MODEL,
        requireApiKey: false,
      }).generate(hi);
      expect(server.seen).toHaveLength(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('never puts the key in an error', async () => {
    const wrong = 'sk-wrong-key-the-server-echoes-back';
    const error = await mllm({ apiKey: wrong })
      .generate(hi)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, message: expect.stringMatching(/Incorrect API key/) });
    expect(inspect(error, { depth: 10 })).not.toContain(wrong);
  });

  it('supports json_object and max_completion_tokens for other servers', async () => {
    server.enqueue(reply('{}'));
    await mllm({ responseFormat: 'json_object', maxTokensField: 'max_completion_tokens' }).generate({
      ...hi,
      maxTokens: 64,
      jsonSchema: { name: 'x', schema: { type: 'object' } },
    });
    expect(server.seen[0]?.body).toMatchObject({
      response_format: { type: 'json_object' },
      max_completion_tokens: 64,
    });
  });
});

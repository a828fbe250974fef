import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { MllmProviderError, MllmResponseError, planScene } from '@sow/core';
import {
  type ScriptedHandler,
  type ScriptedRequest,
  type ScriptedServer,
  sendJson,
  startScriptedServer,
} from '@sow/test-kit';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGeminiMllm } from './create-gemini-mllm.js';

const KEY = 'AIzaTEST-not-a-real-key-0123456789';
const MODEL = 'gemini-test';

interface Body {
  contents: { role: string; parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[];
  generationConfig?: Record<string, unknown> & {
    responseJsonSchema?: { properties?: Record<string, unknown> };
  };
}
type Handler = ScriptedHandler<Body>;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  sendJson(res, status, body, { 'content-type': 'application/json; charset=UTF-8', ...headers });
const reply =
  (text: string, finishReason = 'STOP'): Handler =>
  (_, res) =>
    json(res, 200, {
      candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason, index: 0 }],
      usageMetadata: { promptTokenCount: 311, candidatesTokenCount: 24, totalTokenCount: 335 },
      modelVersion: MODEL,
      responseId: 'resp-1',
    });
const apiError =
  (status: number, code: string, message: string, headers: Record<string, string> = {}): Handler =>
  (_, res) =>
    json(res, status, { error: { code: status, message, status: code } }, headers);
const hang: Handler = () => {};
const keyOf = (s: ScriptedRequest<Body>) => {
  const key = s.headers['x-goog-api-key'];
  return typeof key === 'string' ? key : undefined;
};

/** Answers by stage, recognised from the schema's properties, like a well-behaved model. */
const byStage =
  (answers: { intensify?: string; position?: string; related?: string }): Handler =>
  (s, res) => {
    const props = Object.keys(s.body.generationConfig?.responseJsonSchema?.properties ?? {});
    const stage = props.includes('intensified_prompt')
      ? 'intensify'
      : props.includes('bbox')
        ? 'position'
        : 'related';
    const text = answers[stage];
    if (text === undefined) throw new Error(`no answer for ${stage}`);
    reply(text)(s, res);
  };

/** A Gemini REST look-alike on 127.0.0.1: answers generateContent from a queue of handlers. */
let server: ScriptedServer<Body>;

beforeAll(async () => {
  server = await startScriptedServer<Body>({
    intercept: (s, res) => {
      const key = keyOf(s);
      if (key === KEY) return false;
      apiError(400, 'INVALID_ARGUMENT', `API key not valid: ${key}. Please pass a valid API key.`)(s, res);
      return true;
    },
    onEmpty: apiError(500, 'INTERNAL', 'test server has no handler left'),
  });
});

afterAll(() => server.close());

beforeEach(() => server.reset());

const image = { mimeType: 'image/png', data: Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 255) };
const prompt = 'a smiling man on a beach at sunset';
const mllm = (extra: Parameters<typeof createGeminiMllm>[0] = {}) =>
  createGeminiMllm({
    apiKey: KEY,
    model: MODEL,
    baseUrl: server.baseUrl,
    timeoutMs: 5000,
    initialDelayMs: 20,
    ...extra,
  });
const good = {
  intensify:
    '{"description": "adult man, short dark hair, smiling", "intensified_prompt": "a smiling adult man with short dark hair on a beach at sunset"}',
  position: '{"bbox": [144, 48, 224, 224]}',
  related: '{"related_bbox": [64, 160, 384, 352]}',
};

describe('createGeminiMllm against a local Gemini REST server', () => {
  it('plans a scene from valid replies and sends Gemini requests with inline image data and the schema', async () => {
    server.enqueue(byStage(good), byStage(good), byStage(good));
    const plan = await planScene(mllm(), { image, prompt, temperature: 0.2, seed: 11, maxTokens: 256 });
    expect(plan).toMatchObject({
      prompt: 'a smiling adult man with short dark hair on a beach at sunset',
      box: [144, 48, 224, 224],
      relatedBox: [64, 160, 384, 352],
      provenance: {
        prompt: { source: 'model' },
        box: { source: 'model', adjusted: false },
        relatedBox: { source: 'model' },
      },
    });
    expect(server.seen).toHaveLength(3);
    for (const s of server.seen) {
      expect(s.path).toBe(`/v1beta/models/${MODEL}:generateContent`);
      expect(s.body.contents[0]?.parts[0]?.inlineData).toEqual({
        mimeType: 'image/png',
        data: Buffer.from(image.data).toString('base64'),
      });
      expect(s.body.generationConfig).toMatchObject({
        responseMimeType: 'application/json',
        temperature: 0.2,
        seed: 11,
        maxOutputTokens: 256,
      });
    }
  });

  it('retries malformed JSON once, then falls back with provenance', async () => {
    server.enqueue(
      byStage({ ...good, position: '{"bbox": [144, 48, 224' }),
      byStage({ ...good, position: 'Sure! The box is [144, 48, 224, 224].' }),
      byStage({ ...good, position: '{"bbox": [144, 48, 224' }),
      byStage(good),
    );
    const plan = await planScene(mllm(), { image, prompt });
    expect(server.seen).toHaveLength(4);
    expect(plan.box).toEqual([128, 0, 256, 256]);
    expect(plan.provenance.box).toMatchObject({
      source: 'fallback',
      note: expect.stringMatching(/not valid JSON/),
    });
    expect(plan.provenance.prompt.source).toBe('model');
  });

  it('clamps out-of-range boxes and falls back on wrongly typed ones', async () => {
    const bad = {
      ...good,
      position: '{"bbox": [600, -40, 900, 300]}',
      related: '{"related_bbox": ["0", 200, 512, 312]}',
    };
    server.enqueue(byStage(bad), byStage(bad), byStage(bad), byStage(bad));
    const plan = await planScene(mllm(), { image, prompt });
    expect(plan.box).toEqual([256, 0, 256, 256]);
    expect(plan.provenance.box).toMatchObject({ source: 'model', adjusted: true });
    expect(plan.relatedBox).toEqual([128, 128, 384, 384]);
    expect(plan.provenance.relatedBox.source).toBe('fallback');
  });

  it('maps a safety block to MllmResponseError, and planScene falls back for that stage', async () => {
    server.enqueue(
      (_, res) =>
        json(res, 200, {
          promptFeedback: {
            blockReason: 'SAFETY',
            safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'HIGH' }],
          },
          usageMetadata: { promptTokenCount: 300, totalTokenCount: 300 },
        }),
      (_, res) =>
        json(res, 200, {
          candidates: [
            {
              finishReason: 'SAFETY',
              index: 0,
              safetyRatings: [
                { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'MEDIUM', blocked: true },
              ],
            },
          ],
        }),
    );
    const model = mllm();
    const request = { parts: [{ type: 'text' as const, text: 'hi' }] };
    await expect(model.generate(request)).rejects.toMatchObject({ code: 'MLLM_RESPONSE', reason: 'SAFETY' });
    await expect(model.generate(request)).rejects.toBeInstanceOf(MllmResponseError);
    expect(server.seen).toHaveLength(2);

    server.enqueue(
      (_, res) => json(res, 200, { candidates: [{ finishReason: 'SAFETY', index: 0 }] }),
      byStage(good),
      byStage(good),
    );
    const plan = await planScene(model, { image, prompt });
    expect(plan.provenance.prompt).toMatchObject({
      source: 'fallback',
      note: expect.stringMatching(/SAFETY/),
    });
    expect(plan.prompt).toBe(prompt);
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    server.enqueue(
      apiError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', {
        'retry-after': '1',
      }),
      reply('{"ok": true}'),
    );
    const { text } = await mllm().generate({ parts: [{ type: 'text', text: 'hi' }] });
    expect(text).toBe('{"ok": true}');
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('honours RetryInfo.retryDelay in the error body', async () => {
    server.enqueue(
      (_, res) =>
        json(res, 429, {
          error: {
            code: 429,
            message: 'You exceeded your current quota.',
            status: 'RESOURCE_EXHAUSTED',
            details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }],
          },
        }),
      reply('{}'),
    );
    await mllm({ initialDelayMs: 0 }).generate({ parts: [{ type: 'text', text: 'hi' }] });
    expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries 500 with backoff and then reports MllmProviderError with the status', async () => {
    server.enqueue(
      apiError(500, 'INTERNAL', 'An internal error has occurred.'),
      apiError(500, 'INTERNAL', 'An internal error has occurred.'),
    );
    const error = await mllm({ maxRetries: 1 })
      .generate({ parts: [{ type: 'text', text: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MllmProviderError);
    expect(error).toMatchObject({
      provider: 'gemini',
      status: 500,
      message: expect.stringMatching(/INTERNAL/),
    });
    expect(server.seen).toHaveLength(2);
  });

  it('times out a hung response', async () => {
    server.enqueue(hang);
    await expect(
      mllm({ timeoutMs: 300, maxRetries: 0 }).generate({ parts: [{ type: 'text', text: 'hi' }] }),
    ).rejects.toMatchObject({
      code: 'MLLM_PROVIDER',
      status: undefined,
      message: expect.stringMatching(/within 300 ms/),
    });
  });

  it('rejects with the signal reason when aborted mid-request', async () => {
    server.enqueue(hang);
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const pending = mllm().generate({ parts: [{ type: 'text', text: 'hi' }], signal: controller.signal });
    await vi.waitFor(() => expect(server.seen).toHaveLength(1), { timeout: 5000, interval: 10 });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('fails at once without a key, naming the option and the variable, before any request', async () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    try {
      const model = createGeminiMllm({ model: MODEL, baseUrl: server.baseUrl });
      await expect(model.generate({ parts: [{ type: 'text', text: 'hi' }] })).rejects.toThrow(
        /apiKey.*GEMINI_API_KEY/,
      );
      expect(server.seen).toHaveLength(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads the key from GEMINI_API_KEY at call time and never puts a key in an error', async () => {
    vi.stubEnv('GEMINI_API_KEY', KEY);
    try {
      server.enqueue(reply('{}'));
      const model = createGeminiMllm({ model: MODEL, baseUrl: server.baseUrl });
      await model.generate({ parts: [{ type: 'text', text: 'hi' }] });
      expect(keyOf(server.seen[0]!)).toBe(KEY);
    } finally {
      vi.unstubAllEnvs();
    }
    const wrong = 'AIzaWRONG-key-that-the-server-echoes';
    const error = await mllm({ apiKey: wrong })
      .generate({ parts: [{ type: 'text', text: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, message: expect.stringMatching(/API key not valid/) });
    expect(inspect(error, { depth: 10 })).not.toContain(wrong);
  });
});

describe.skipIf(!process.env.GEMINI_API_KEY)('createGeminiMllm against the live Gemini API', () => {
  it('plans a scene for a small synthetic portrait-like image', async () => {
    const png = new PNG({ width: 64, height: 64 });
    for (let i = 0; i < 64 * 64; i++) {
      const x = i % 64;
      const y = Math.floor(i / 64);
      const inFace = (x - 32) ** 2 + (y - 30) ** 2 < 18 ** 2;
      png.data.set(inFace ? [230, 190, 160, 255] : [40, 90, 160, 255], i * 4);
    }
    const data = new Uint8Array(PNG.sync.write(png));
    const plan = await planScene(createGeminiMllm({ timeoutMs: 60_000 }), {
      image: { mimeType: 'image/png', data },
      prompt: 'a portrait of a person in a park',
      temperature: 0,
    });
    const [x, y, w, h] = plan.box;
    expect(x >= 0 && y >= 0 && x + w <= 512 && y + h <= 512).toBe(true);
    expect(plan.prompt.length).toBeGreaterThan(0);
  });
});

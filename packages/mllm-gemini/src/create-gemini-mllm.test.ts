import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { MllmProviderError, MllmResponseError, planScene } from '@sow/core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGeminiMllm } from './create-gemini-mllm.js';

const KEY = 'AIzaTEST-not-a-real-key-0123456789';
const MODEL = 'gemini-test';

interface Seen {
  readonly path: string;
  readonly key: string | undefined;
  readonly body: {
    contents: { role: string; parts: { text?: string; inlineData?: { mimeType: string; data: string } }[] }[];
    generationConfig?: Record<string, unknown> & {
      responseJsonSchema?: { properties?: Record<string, unknown> };
    };
  };
  readonly at: number;
}
type Handler = (seen: Seen, res: ServerResponse) => void;

/** A Gemini REST look-alike on 127.0.0.1: answers generateContent from a queue of handlers. */
let server: Server;
let baseUrl = '';
let seen: Seen[] = [];
let handlers: Handler[] = [];

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
};
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

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = req.headers['x-goog-api-key'];
      const entry: Seen = {
        path: req.url ?? '',
        key: typeof key === 'string' ? key : undefined,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        at: performance.now(),
      };
      seen.push(entry);
      if (entry.key !== KEY) {
        apiError(
          400,
          'INVALID_ARGUMENT',
          `API key not valid: ${entry.key}. Please pass a valid API key.`,
        )(entry, res);
        return;
      }
      const handler = handlers.shift();
      if (handler === undefined) apiError(500, 'INTERNAL', 'test server has no handler left')(entry, res);
      else handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
  handlers = [];
});

const image = { mimeType: 'image/png', data: Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 255) };
const prompt = 'a smiling man on a beach at sunset';
const mllm = (extra: Parameters<typeof createGeminiMllm>[0] = {}) =>
  createGeminiMllm({ apiKey: KEY, model: MODEL, baseUrl, timeoutMs: 5000, initialDelayMs: 20, ...extra });
const good = {
  intensify:
    '{"description": "adult man, short dark hair, smiling", "intensified_prompt": "a smiling adult man with short dark hair on a beach at sunset"}',
  position: '{"bbox": [144, 48, 224, 224]}',
  related: '{"related_bbox": [64, 160, 384, 352]}',
};

describe('createGeminiMllm against a local Gemini REST server', () => {
  it('plans a scene from valid replies and sends Gemini requests with inline image data and the schema', async () => {
    handlers = [byStage(good), byStage(good), byStage(good)];
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
    expect(seen).toHaveLength(3);
    for (const s of seen) {
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
    handlers = [
      byStage({ ...good, position: '{"bbox": [144, 48, 224' }),
      byStage({ ...good, position: 'Sure! The box is [144, 48, 224, 224].' }),
      byStage({ ...good, position: '{"bbox": [144, 48, 224' }),
      byStage(good),
    ];
    const plan = await planScene(mllm(), { image, prompt });
    expect(seen).toHaveLength(4);
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
    handlers = [byStage(bad), byStage(bad), byStage(bad), byStage(bad)];
    const plan = await planScene(mllm(), { image, prompt });
    expect(plan.box).toEqual([256, 0, 256, 256]);
    expect(plan.provenance.box).toMatchObject({ source: 'model', adjusted: true });
    expect(plan.relatedBox).toEqual([128, 128, 384, 384]);
    expect(plan.provenance.relatedBox.source).toBe('fallback');
  });

  it('maps a safety block to MllmResponseError, and planScene falls back for that stage', async () => {
    handlers = [
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
    ];
    const model = mllm();
    const request = { parts: [{ type: 'text' as const, text: 'hi' }] };
    await expect(model.generate(request)).rejects.toMatchObject({ code: 'MLLM_RESPONSE', reason: 'SAFETY' });
    await expect(model.generate(request)).rejects.toBeInstanceOf(MllmResponseError);
    expect(seen).toHaveLength(2);

    handlers = [
      (_, res) => json(res, 200, { candidates: [{ finishReason: 'SAFETY', index: 0 }] }),
      byStage(good),
      byStage(good),
    ];
    const plan = await planScene(model, { image, prompt });
    expect(plan.provenance.prompt).toMatchObject({
      source: 'fallback',
      note: expect.stringMatching(/SAFETY/),
    });
    expect(plan.prompt).toBe(prompt);
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    handlers = [
      apiError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', {
        'retry-after': '1',
      }),
      reply('{"ok": true}'),
    ];
    const { text } = await mllm().generate({ parts: [{ type: 'text', text: 'hi' }] });
    expect(text).toBe('{"ok": true}');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('honours RetryInfo.retryDelay in the error body', async () => {
    handlers = [
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
    ];
    await mllm({ initialDelayMs: 0 }).generate({ parts: [{ type: 'text', text: 'hi' }] });
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('retries 500 with backoff and then reports MllmProviderError with the status', async () => {
    handlers = [
      apiError(500, 'INTERNAL', 'An internal error has occurred.'),
      apiError(500, 'INTERNAL', 'An internal error has occurred.'),
    ];
    const error = await mllm({ maxRetries: 1 })
      .generate({ parts: [{ type: 'text', text: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MllmProviderError);
    expect(error).toMatchObject({
      provider: 'gemini',
      status: 500,
      message: expect.stringMatching(/INTERNAL/),
    });
    expect(seen).toHaveLength(2);
  });

  it('times out a hung response', async () => {
    handlers = [hang];
    await expect(
      mllm({ timeoutMs: 300, maxRetries: 0 }).generate({ parts: [{ type: 'text', text: 'hi' }] }),
    ).rejects.toMatchObject({
      code: 'MLLM_PROVIDER',
      status: undefined,
      message: expect.stringMatching(/within 300 ms/),
    });
  });

  it('rejects with the signal reason when aborted mid-request', async () => {
    handlers = [hang];
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const pending = mllm().generate({ parts: [{ type: 'text', text: 'hi' }], signal: controller.signal });
    await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 5000, interval: 10 });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('fails at once without a key, naming the option and the variable, before any request', async () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    try {
      const model = createGeminiMllm({ model: MODEL, baseUrl });
      await expect(model.generate({ parts: [{ type: 'text', text: 'hi' }] })).rejects.toThrow(
        /apiKey.*GEMINI_API_KEY/,
      );
      expect(seen).toHaveLength(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads the key from GEMINI_API_KEY at call time and never puts a key in an error', async () => {
    vi.stubEnv('GEMINI_API_KEY', KEY);
    try {
      handlers = [reply('{}')];
      const model = createGeminiMllm({ model: MODEL, baseUrl });
      await model.generate({ parts: [{ type: 'text', text: 'hi' }] });
      expect(seen[0]?.key).toBe(KEY);
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

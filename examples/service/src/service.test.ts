import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrtNodeBackend, encodePng, loadStableDiffusionFromDir } from '@sow/backend-ort-node';
import {
  createFileResultStore,
  createGenerationQueue,
  createGenerationWorker,
  type GenerationQueue,
  type GenerationStatus,
  type GenerationWorker,
  type ResultStore,
} from '@sow/queue';
import { ensureTestModels, pngBomb, type RedisServer, startRedisServer, testModelDir } from '@sow/test-kit';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from './create-service.js';

// The HTTP API on a real Redis with one in-process worker on the generated test models.
const TOKEN = 'test-token-123';
const card = encodePng({ width: 32, height: 32, channels: 3, data: new Uint8Array(32 * 32 * 3).fill(120) });

let redis: RedisServer;
let dir: string;
let store: ResultStore;
let queue: GenerationQueue;
let worker: GenerationWorker;
let app: FastifyInstance;
let base: string;

const auth = { authorization: `Bearer ${TOKEN}` };

function form(fields: Record<string, string>, files: Record<string, Uint8Array> = {}): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const [name, bytes] of Object.entries(files))
    body.append(name, new Blob([Buffer.from(bytes)]), `${name}.png`);
  return body;
}

const post = (body: FormData | string, headers: Record<string, string> = auth) =>
  fetch(`${base}/v1/generations`, { method: 'POST', body, headers });

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Record<string, unknown>;
}

async function settled(id: string): Promise<GenerationStatus> {
  for (;;) {
    const status = (await (
      await fetch(`${base}/v1/generations/${id}`, { headers: auth })
    ).json()) as GenerationStatus;
    if (['completed', 'failed', 'cancelled'].includes(status.state)) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads a server-sent event stream to its end: `[event, data]` pairs. */
async function readEvents(response: Response): Promise<[string, Record<string, unknown>][]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '{}';
      return [event, JSON.parse(data)];
    });
}

beforeAll(async () => {
  ensureTestModels(['optimum']);
  redis = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'sow-service-'));
  store = createFileResultStore(dir);
  queue = createGenerationQueue({ connection: redis.connection, store, onError: () => {} });
  const backend = await createOrtNodeBackend({ device: 'cpu', intraOpNumThreads: 1 });
  worker = await createGenerationWorker({
    connection: redis.connection,
    store,
    loadModels: () => loadStableDiffusionFromDir(testModelDir('optimum'), { backend }),
    onError: () => {},
  });
  app = await createService({
    queue,
    store,
    token: TOKEN,
    maxUploadBytes: 64 * 1024,
    maxImagePixels: 512 * 512,
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app?.close();
  await worker?.close();
  await queue?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('HTTP service', () => {
  it('answers 401 without the bearer token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }]) {
      const response = await fetch(`${base}/v1/generations/x-1`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await problem(response)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    }
  });

  it('accepts a generation (202), reports its status and record, serves the image and the event stream', async () => {
    const response = await post(
      form(
        {
          method: 'cow',
          prompt: 'a person',
          seed: '4',
          box: '{"x":16,"y":0,"width":32,"height":32}',
          config: '{"canvasWidth":64,"canvasHeight":64,"cycles":1}',
        },
        { image: card },
      ),
      { ...auth, 'idempotency-key': 'http-cow-1' },
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ id: 'http-cow-1', state: 'queued' });
    expect(response.headers.get('location')).toBe('/v1/generations/http-cow-1');
    const status = await settled('http-cow-1');
    expect(status).toMatchObject({
      state: 'completed',
      record: { method: 'cow', seed: 4, config: { canvasWidth: 64 } },
    });
    const image = await fetch(`${base}/v1/generations/http-cow-1/image`, { headers: auth });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(await store.getImage('http-cow-1'));
    const events = await readEvents(
      await fetch(`${base}/v1/generations/http-cow-1/events`, { headers: auth }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject(['status', { state: 'completed' }]);
  });

  it('streams progress events of a running job as server-sent events, ending with its final status', async () => {
    const response = await post(
      form({
        method: 'txt2img',
        prompt: 'a cat',
        seed: '9',
        config: '{"steps":30,"width":128,"height":128}',
      }),
    );
    const { id } = (await response.json()) as { id: string };
    const events = await readEvents(await fetch(`${base}/v1/generations/${id}/events`, { headers: auth }));
    const steps = events.filter(([event, data]) => event === 'progress' && data.type === 'step');
    expect(steps.length).toBeGreaterThan(5);
    const completed = steps.map(([, data]) => data.completed as number);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    expect(steps.at(-1)?.[1]).toMatchObject({ completed: 32, total: 32 });
    expect(events.at(-1)).toMatchObject(['status', { state: 'completed' }]);
  });

  it('answers bad requests with 400/413/415 problems, and nothing is queued', async () => {
    const inspect = new Queue('sow-generations', { connection: redis.connection, prefix: 'sow' });
    const total = async () => Object.values(await inspect.getJobCounts()).reduce((a, b) => a + b, 0);
    const before = await total();
    let r = await post(form({ method: 'txt2img', prompt: 'p', config: '{"steps":0}' }));
    expect(r.status).toBe(400);
    expect(await problem(r)).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'steps', received: 0 });
    r = await post(form({ method: 'txt2img', prompt: 'p', config: '{steps' }));
    expect(await problem(r)).toMatchObject({ status: 400, argument: 'config', expected: 'JSON' });
    r = await post(form({ method: 'cow', prompt: 'p' }, { image: new TextEncoder().encode('plain text') }));
    expect(await problem(r)).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', argument: 'bytes' });
    r = await post(form({ method: 'cow', prompt: 'p' }, { image: new Uint8Array(100 * 1024) }));
    expect(r.status).toBe(413);
    expect(await problem(r)).toMatchObject({ code: 'FST_REQ_FILE_TOO_LARGE' });
    r = await post(form({ method: 'cow', prompt: 'p' }, { image: pngBomb(1000, 1000) })); // a real, small bomb
    expect(r.status).toBe(413);
    expect(await problem(r)).toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    const headerOnly = card.slice(0, 33); // a PNG cut after its header: refused as truncated
    r = await post(form({ method: 'cow', prompt: 'p' }, { image: headerOnly }));
    expect(await problem(r)).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', argument: 'bytes' });
    r = await fetch(`${base}/v1/generations`, {
      method: 'POST',
      body: '{}',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(r.status).toBe(415);
    expect(await problem(r)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    r = await post(form({ method: 'txt2img', prompt: 'p' }), { ...auth, 'idempotency-key': 'bad:key' });
    expect(await problem(r)).toMatchObject({ status: 400, argument: 'jobId' });
    expect(await total()).toBe(before);
    await inspect.close();
  });

  it('answers 404 for unknown ids, 409 for an image or cancel that does not fit the state, 202 for a cancel', async () => {
    for (const path of ['nope-1', 'nope-1/image', 'nope-1/events', '..%2Fetc']) {
      const r = await fetch(`${base}/v1/generations/${path}`, { headers: auth });
      expect(r.status, path).toBe(404);
      expect(await problem(r)).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await fetch(`${base}/v1/generations/nope-1`, { method: 'DELETE', headers: auth })).status).toBe(
      404,
    );

    const created = await post(
      form({ method: 'txt2img', prompt: 'p', seed: '1', config: '{"steps":200,"width":128,"height":128}' }),
    );
    const { id } = (await created.json()) as { id: string };
    for await (const e of queue.events(id)) if (e.type === 'progress') break;
    const early = await fetch(`${base}/v1/generations/${id}/image`, { headers: auth });
    expect(early.status).toBe(409);
    expect(await problem(early)).toMatchObject({ code: 'NOT_COMPLETED', state: 'running' });
    const cancel = await fetch(`${base}/v1/generations/${id}`, { method: 'DELETE', headers: auth });
    expect(cancel.status).toBe(202);
    expect(await settled(id)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    const again = await fetch(`${base}/v1/generations/${id}`, { method: 'DELETE', headers: auth });
    expect(again.status).toBe(409);
    expect(await problem(again)).toMatchObject({ code: 'ALREADY_FINISHED', state: 'cancelled' });
  });
});

import { timingSafeEqual } from 'node:crypto';
import multipart from '@fastify/multipart';
import { InvalidArgumentError, readImageHeader } from '@sow/core';
import {
  DEFAULT_GENERATION_LIMITS,
  type GenerationQueue,
  type ImageInput,
  isFinalState,
  type ResultStore,
} from '@sow/queue';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { parseGenerationForm } from './parse-generation-form.js';
import { sendErrorProblem, sendProblem } from './problem.js';

/** Settings of {@link createService}. */
export interface ServiceSettings {
  /** The queue requests go to. */
  readonly queue: GenerationQueue;
  /** The store results are read from. */
  readonly store: ResultStore;
  /** When set, every request needs `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Most bytes of one uploaded file; default 8 MiB. */
  readonly maxUploadBytes?: number;
  /** Most pixels of one uploaded image, read from its header before anything decodes it; default 16 Mpx. */
  readonly maxImagePixels?: number;
}

/** True when the request carries the bearer token (compared in constant time). */
function authorized(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/**
 * The HTTP API over a generation queue: `POST /v1/generations` (multipart: fields and the `image`/`mask`
 * files) answers 202 with the job id; `GET /v1/generations/:id` the status with progress and, when done,
 * the result record; `GET /v1/generations/:id/image` the PNG; `GET /v1/generations/:id/events` the
 * status changes and pipeline progress as server-sent events; `DELETE /v1/generations/:id` cancels.
 * Errors are `application/problem+json` bodies with sow's error code.
 * @example
 * const app = await createService({ queue, store, token: process.env.SOW_API_TOKEN });
 * await app.listen({ host: '0.0.0.0', port: 8080 });
 */
export async function createService(settings: ServiceSettings): Promise<FastifyInstance> {
  const {
    queue,
    store,
    maxUploadBytes = 8 * 1024 * 1024,
    maxImagePixels = DEFAULT_GENERATION_LIMITS.maxImagePixels,
  } = settings;
  const app = Fastify({ logger: false });
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 2, fields: 16, fieldSize: 64 * 1024, parts: 20 },
  });
  app.setErrorHandler((error, _request, reply) => sendErrorProblem(reply, error));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'NOT_FOUND', `No route ${request.method} ${request.url}.`),
  );
  if (settings.token !== undefined) {
    const { token } = settings;
    app.addHook('onRequest', async (request, reply) => {
      if (authorized(request, token)) return;
      reply.header('www-authenticate', 'Bearer');
      return sendProblem(reply, 401, 'UNAUTHORIZED', 'A valid bearer token is required.');
    });
  }

  /** The status of a job, or a 404 problem sent. */
  const statusOr404 = async (request: IdRequest, reply: FastifyReply) => {
    const { id } = request.params;
    const status = await queue.status(id).catch((error: unknown) => {
      if (InvalidArgumentError.isInstance(error)) return undefined; // not an id the queue could have made
      throw error;
    });
    if (status === undefined)
      sendProblem(reply, 404, 'NOT_FOUND', `No generation with id ${JSON.stringify(id)}.`);
    return status;
  };

  app.post('/v1/generations', async (request, reply) => {
    if (!request.isMultipart()) {
      return sendProblem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request as multipart/form-data.');
    }
    const fields: Record<string, string> = {};
    const files: Record<string, ImageInput> = {};
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = new Uint8Array(await part.toBuffer());
        const { width, height } = readImageHeader(bytes, {
          maxPixels: Number.POSITIVE_INFINITY,
          fn: 'POST /v1/generations',
        });
        if (width * height > maxImagePixels) {
          return sendProblem(
            reply,
            413,
            'IMAGE_TOO_LARGE',
            `${part.fieldname} has ${width}x${height} pixels; at most ${maxImagePixels} are accepted.`,
          );
        }
        files[part.fieldname] = { key: await store.putInput(bytes) }; // jobs carry the key, not the bytes
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    const idempotencyKey = request.headers['idempotency-key'];
    const id = await queue.enqueue(parseGenerationForm(fields, files), {
      ...(typeof idempotencyKey === 'string' ? { jobId: idempotencyKey } : {}),
    });
    return reply.code(202).header('location', `/v1/generations/${id}`).send({ id, state: 'queued' });
  });

  app.get('/v1/generations/:id', async (request: IdRequest, reply) => {
    const status = await statusOr404(request, reply);
    return status === undefined ? reply : status;
  });

  app.get('/v1/generations/:id/image', async (request: IdRequest, reply) => {
    const status = await statusOr404(request, reply);
    if (status === undefined) return reply;
    const png = status.state === 'completed' ? await store.getImage(status.id) : undefined;
    if (png === undefined) {
      return sendProblem(
        reply,
        409,
        'NOT_COMPLETED',
        `Generation ${status.id} is ${status.state}; it has no image.`,
        {
          state: status.state,
        },
      );
    }
    return reply.type('image/png').send(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  });

  app.get('/v1/generations/:id/events', async (request: IdRequest, reply) => {
    const status = await statusOr404(request, reply);
    if (status === undefined) return reply;
    const closed = new AbortController();
    reply.raw.once('close', () => closed.abort());
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    try {
      for await (const event of queue.events(status.id, { signal: closed.signal })) {
        const data = event.type === 'status' ? event.status : event.event;
        reply.raw.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
      }
    } catch (error) {
      if (!closed.signal.aborted)
        reply.raw.write(`event: error\ndata: ${JSON.stringify({ detail: (error as Error).message })}\n\n`);
    }
    reply.raw.end();
  });

  app.delete('/v1/generations/:id', async (request: IdRequest, reply) => {
    const status = await statusOr404(request, reply);
    if (status === undefined) return reply;
    if (isFinalState(status.state)) {
      return sendProblem(
        reply,
        409,
        'ALREADY_FINISHED',
        `Generation ${status.id} is already ${status.state}.`,
        {
          state: status.state,
        },
      );
    }
    return reply.code(202).send(await queue.cancel(status.id));
  });

  return app;
}

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a {@link ScriptedServer} received, with its JSON body parsed. */
export interface ScriptedRequest<Body> {
  /** The HTTP method, e.g. `POST`. */
  readonly method: string;
  /** The request path with its query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** The request headers, lower-cased as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The request body parsed as JSON. */
  readonly body: Body;
  /** When the body had fully arrived, in `performance.now()` milliseconds. */
  readonly at: number;
}

/** Answers one {@link ScriptedRequest}; a handler that never answers simulates a hung server. */
export type ScriptedHandler<Body> = (request: ScriptedRequest<Body>, res: ServerResponse) => void;

/** Settings of {@link startScriptedServer}: what the server does outside the scripted queue. */
export interface ScriptedServerSettings<Body> {
  /**
   * Runs first on every request (after it is recorded), e.g. to check the API key; returns `true` when it
   * has answered, and the queue is then left untouched. Default: lets every request through.
   */
  readonly intercept?: (request: ScriptedRequest<Body>, res: ServerResponse) => boolean;
  /** Answers a request that finds the handler queue empty, typically with a provider-shaped 500. */
  readonly onEmpty: ScriptedHandler<Body>;
  /** Appended to the origin to form {@link ScriptedServer.baseUrl}, e.g. `/v1`. Default: none. */
  readonly basePath?: string;
}

/** A local HTTP server started by {@link startScriptedServer}, answering from a queue of handlers. */
export interface ScriptedServer<Body> {
  /** `http://127.0.0.1:<port>` plus the configured base path. */
  readonly baseUrl: string;
  /** Every request received since the last {@link ScriptedServer.reset}, oldest first. */
  readonly seen: readonly ScriptedRequest<Body>[];
  /** Queues handlers; each request takes the oldest one left. */
  enqueue(...handlers: readonly ScriptedHandler<Body>[]): void;
  /** Forgets the recorded requests and the handlers left in the queue (call it before each test). */
  reset(): void;
  /** Drops open connections and stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a scripted HTTP server on 127.0.0.1 (a free port) that records each request and answers it with
 * the next queued handler, so adapter tests can play a REST provider's replies, errors and hangs without
 * the network.
 * @example
 * const server = await startScriptedServer<{ model: string }>({
 *   onEmpty: (_, res) => sendJson(res, 500, { error: 'no handler left' }),
 * });
 * server.enqueue((_, res) => sendJson(res, 200, { ok: true }));
 * await fetch(`${server.baseUrl}/x`, { method: 'POST', body: '{"model":"m"}' });
 * await server.close();
 */
export async function startScriptedServer<Body>(
  settings: ScriptedServerSettings<Body>,
): Promise<ScriptedServer<Body>> {
  const seen: ScriptedRequest<Body>[] = [];
  const queue: ScriptedHandler<Body>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ScriptedRequest<Body> = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body,
        at: performance.now(),
      };
      seen.push(request);
      if (settings.intercept?.(request, res) === true) return;
      (queue.shift() ?? settings.onEmpty)(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${settings.basePath ?? ''}`,
    seen,
    enqueue: (...handlers) => {
      queue.push(...handlers);
    },
    reset: () => {
      seen.length = 0;
      queue.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** Content types of the files the example serves. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
};

/** Settings of {@link startWebServer}. */
export interface WebServerSettings {
  /** URL prefixes (starting and ending with `/`) mapped to the folders they serve, e.g. `{ '/ort/': dist }`. */
  readonly roots: Readonly<Record<string, string>>;
  /** TCP port; 0 picks a free one. Default 0. */
  readonly port?: number;
}

/** A running example server. */
export interface WebServer {
  /** Base URL, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** The file a request path maps to, or `undefined` when no root serves it or it climbs out of its root. */
function resolveFile(roots: WebServerSettings['roots'], pathname: string): string | undefined {
  const prefix = Object.keys(roots)
    .filter((p) => pathname.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix === undefined) return undefined;
  const rest = normalize(decodeURIComponent(pathname.slice(prefix.length)) || 'index.html');
  if (rest.startsWith('..') || rest.startsWith(sep)) return undefined;
  return join(roots[prefix]!, rest);
}

/**
 * Starts a static file server on 127.0.0.1 for the web example: the page, ONNX Runtime Web's WASM files
 * and the model folders. It sends the COOP/COEP headers that make the page cross-origin isolated (so
 * WASM threads are allowed) and answers `HEAD` with the length, as model loading expects.
 * @example
 * const server = await startWebServer({ roots: { '/': 'examples/web/dist', '/ort/': ortDist } });
 */
export async function startWebServer(settings: WebServerSettings): Promise<WebServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const file = resolveFile(settings.roots, url.pathname);
    const headers = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    };
    const notFound = () => {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
    };
    if (file === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
      notFound();
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) return notFound();
        response.writeHead(200, {
          ...headers,
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-length': String(info.size),
        });
        if (request.method === 'HEAD') return response.end();
        createReadStream(file).pipe(response);
      },
      () => notFound(),
    );
  });
  await new Promise<void>((resolve) => server.listen(settings.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

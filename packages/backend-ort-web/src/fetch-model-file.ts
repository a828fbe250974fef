import { ModelLoadError, type ProgressCallback, throwIfAborted } from '@sow/core';

/** Options of {@link fetchModelFile}. */
export interface FetchModelFileOptions {
  /** Cache Storage cache to read from and write to, or `false` for none. */
  readonly cache: string | false;
  /** Receives `download` events as bytes arrive. */
  readonly onProgress?: ProgressCallback | undefined;
  /** Aborts the request; the rejection is the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** The cache to use, or `undefined` when caching is off or the Cache Storage API is missing here. */
async function openCache(name: string | false): Promise<Cache | undefined> {
  if (name === false || typeof caches === 'undefined') return undefined;
  try {
    return await caches.open(name);
  } catch {
    return undefined; // Cache Storage refused (e.g. an opaque origin): load without caching.
  }
}

/**
 * A zeroed byte buffer of `length`. Chrome caps one `ArrayBuffer` near 2 GiB; larger files (fp32 UNet
 * weights) go into WebAssembly memory, which may reach 4 GiB, as ONNX Runtime Web does for its own loads.
 */
function allocate(length: number): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(length);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const pages = Math.ceil(length / 65536);
    return new Uint8Array(new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer, 0, length);
  }
}

/** Reads a response body, reporting progress at most every 1 MiB or 1 % of the total. */
async function readBody(
  url: string,
  response: Response,
  options: FetchModelFileOptions,
): Promise<Uint8Array<ArrayBuffer>> {
  const length = Number(response.headers.get('content-length'));
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = Number.isFinite(length) && length > 0 && !encoded ? length : undefined;
  const report = (loaded: number) =>
    options.onProgress?.({
      type: 'download',
      location: url,
      loaded,
      ...(total === undefined ? {} : { total }),
    });
  report(0);
  if (response.body === null) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.length);
    return bytes;
  }
  const step = Math.max(1 << 20, (total ?? 0) / 100);
  // With a known length the bytes land in one buffer as they arrive (no second copy at the end).
  let bytes = total === undefined ? undefined : allocate(total);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  let reported = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes !== undefined && loaded + value.length > bytes.length) {
      throw new RangeError(`more bytes arrived than the Content-Length of ${bytes.length}`);
    }
    if (bytes === undefined) chunks.push(value);
    else bytes.set(value, loaded);
    loaded += value.length;
    if (loaded - reported >= step) {
      reported = loaded;
      report(loaded);
    }
  }
  if (bytes === undefined) {
    bytes = allocate(loaded);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
  } else if (loaded !== bytes.length) {
    throw new RangeError(`${loaded} bytes arrived, not the Content-Length of ${bytes.length}`);
  }
  if (reported !== loaded || loaded === 0) report(loaded);
  return bytes;
}

/**
 * Fetches a model file by URL with byte progress, through the Cache Storage API: a cached copy is used
 * without touching the network, a fetched one is stored for next time. A missing file or a failed request
 * rejects with `ModelLoadError` naming the URL.
 */
export async function fetchModelFile(url: string, options: FetchModelFileOptions): Promise<Uint8Array> {
  throwIfAborted(options.signal);
  const cache = await openCache(options.cache);
  const cached = await cache?.match(url);
  if (cached !== undefined) return readBody(url, cached, options);
  let response: Response;
  try {
    response = await fetch(url, options.signal === undefined ? {} : { signal: options.signal });
  } catch (cause) {
    throwIfAborted(options.signal);
    throw new ModelLoadError(url, 'the request failed', { cause });
  }
  if (!response.ok) {
    throw new ModelLoadError(
      url,
      response.status === 404 ? 'file not found (HTTP 404)' : `HTTP ${response.status}`,
    );
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readBody(url, response, options);
  } catch (cause) {
    throwIfAborted(options.signal);
    throw new ModelLoadError(url, 'the download broke off', { cause });
  }
  if (cache !== undefined) {
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) };
    // A full or unavailable cache only costs the next visit a download; the load itself succeeded.
    await cache.put(url, new Response(bytes, { headers })).catch(() => undefined);
  }
  return bytes;
}

/**
 * True when a file exists at `url`: in the cache, or answering a `HEAD` request (a one-byte `GET` where
 * the server does not allow `HEAD`) with a 2xx status.
 */
export async function modelFileExists(
  url: string,
  cacheName: string | false,
  signal?: AbortSignal,
): Promise<boolean> {
  throwIfAborted(signal);
  const cache = await openCache(cacheName);
  if ((await cache?.match(url)) !== undefined) return true;
  const init = signal === undefined ? {} : { signal };
  try {
    const head = await fetch(url, { ...init, method: 'HEAD' });
    if (head.status !== 405 && head.status !== 501) return head.ok;
    // A server without HEAD: ask for the first byte instead, and drop the rest of the body.
    const get = await fetch(url, { ...init, headers: { range: 'bytes=0-0' } });
    await get.body?.cancel();
    return get.ok;
  } catch (cause) {
    throwIfAborted(signal);
    throw new ModelLoadError(url, 'the request failed', { cause });
  }
}

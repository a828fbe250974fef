import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubFileHashes } from './hub-file-hashes.js';

/** One repository served by {@link startFakeHub}. */
export interface FakeHubRepo {
  /** Files by repo path (`unet/model.onnx`), e.g. from `readRepoFiles`. */
  readonly files: Readonly<Record<string, Uint8Array>>;
  /** Makes the repository gated: every API and `resolve` request must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Extra branch or tag names that resolve to the one commit; `main` always does. */
  readonly branches?: readonly string[];
}

/** One request the fake Hub received (the `Authorization` header is recorded as a flag, never its value). */
export interface FakeHubRequest {
  /** `GET`, `HEAD`, `POST` or `OPTIONS`. */
  readonly method: string;
  /** Path and query, e.g. `/owner/name/resolve/main/unet/model.onnx`. */
  readonly path: string;
  /** The `Range` header, when sent. */
  readonly range: string | undefined;
  /** True when an `Authorization` header was sent. */
  readonly authorized: boolean;
}

/** A fake Hugging Face Hub on 127.0.0.1 started by {@link startFakeHub}. */
export interface FakeHub {
  /** `http://127.0.0.1:<port>`, to pass as the Hub endpoint (`HF_ENDPOINT`). */
  readonly endpoint: string;
  /** Every request since the last {@link FakeHub.reset}, oldest first. */
  readonly requests: readonly FakeHubRequest[];
  /** The commit hash every revision of `repo` resolves to. */
  commit(repo: string): string;
  /** The next body of `path` (any repo) with more than `bytes` bytes stops after `bytes`, and the connection drops. */
  dropAfter(path: string, bytes: number): void;
  /** Serves `path` (any repo) with the byte at `offset` flipped, while the listing keeps its true checksums. */
  corrupt(path: string, offset: number): void;
  /** Forgets recorded requests, pending drops and corruptions. */
  reset(): void;
  /** Drops open connections and stops the server. */
  close(): Promise<void>;
}

/** Files stored with Git LFS on the Hub, by extension, as an SD repository's `.gitattributes` says. */
const LFS = /\.(onnx|onnx_data|pb|bin|safetensors)$/;
const EXPOSED =
  'ETag, X-Linked-Etag, X-Linked-Size, X-Repo-Commit, X-Error-Code, Content-Range, Content-Length, Accept-Ranges';

interface Served {
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly gitSha1: string;
  readonly lfs: boolean;
}

/** The commit id of a file set: a sha1 over the sorted paths and their blob ids. */
function commitOf(files: ReadonlyMap<string, Served>): string {
  const hash = createHash('sha1');
  for (const [path, file] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`${path}\0${file.gitSha1}\n`);
  }
  return hash.digest('hex');
}

/** The tree entries of `files` under `prefix`: files and folders, all levels or the first. */
function treeEntries(files: ReadonlyMap<string, Served>, prefix: string, recursive: boolean): unknown[] {
  const base = prefix === '' ? '' : `${prefix}/`;
  const entries = new Map<string, unknown>();
  for (const [path, file] of files) {
    if (!path.startsWith(base)) continue;
    const parts = path.slice(base.length).split('/');
    for (let depth = 1; depth < parts.length && (recursive || depth === 1); depth++) {
      const dir = base + parts.slice(0, depth).join('/');
      entries.set(dir, { type: 'directory', oid: '0'.repeat(40), size: 0, path: dir });
    }
    if (!recursive && parts.length > 1) continue;
    const size = file.bytes.length;
    entries.set(path, {
      type: 'file',
      oid: file.gitSha1,
      size,
      path,
      ...(file.lfs ? { lfs: { oid: file.sha256, size, pointerSize: 134 } } : {}),
    });
  }
  return [...entries.values()];
}

/** Parses `bytes=a-b` / `bytes=a-` against a length; `undefined` when absent or unsatisfiable. */
function parseRange(header: string | undefined, length: number): [number, number] | undefined {
  const match = /^bytes=(\d+)-(\d*)$/.exec(header ?? '');
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = match[2] === '' ? length - 1 : Math.min(Number(match[2]), length - 1);
  return start <= end ? [start, end] : undefined;
}

/**
 * Starts a fake Hugging Face Hub on 127.0.0.1 (a free port) that speaks the endpoints `@huggingface/hub`
 * and browsers use: `GET /api/models/{repo}/revision/{rev}` (commit `sha`), `GET /api/models/{repo}/tree/
 * {rev}[/{path}]` (listing with git and LFS ids), and `GET|HEAD /{repo}/resolve/{rev}/{path}` (small files
 * directly with `ETag` = git blob id; LFS files by a 302 to `/cdn/…` with `X-Linked-Etag` = sha256 and
 * `X-Linked-Size`), all with `X-Repo-Commit`, `Range` requests and CORS. Switches drop a connection after N
 * bytes, corrupt a byte, and gate a repository behind a token (401 without it).
 * @example
 * const hub = await startFakeHub({ 'owner/name': { files: readRepoFiles(dir) } });
 * process.env.HF_ENDPOINT = hub.endpoint;
 * await hub.close();
 */
export async function startFakeHub(repos: Readonly<Record<string, FakeHubRepo>>): Promise<FakeHub> {
  const served = new Map<string, { files: Map<string, Served>; commit: string; spec: FakeHubRepo }>();
  for (const [id, spec] of Object.entries(repos)) {
    const files = new Map<string, Served>();
    for (const [path, bytes] of Object.entries(spec.files)) {
      files.set(path, { bytes, ...hubFileHashes(bytes), lfs: LFS.test(path) });
    }
    served.set(id, { files, commit: commitOf(files), spec });
  }
  const requests: FakeHubRequest[] = [];
  const drops = new Map<string, number>();
  const corruptions = new Map<string, number>();

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const sendBytes = (req: IncomingMessage, res: ServerResponse, path: string, file: Served, etag: string) => {
    let bytes = file.bytes;
    const flip = corruptions.get(path);
    if (flip !== undefined && flip < bytes.length) {
      bytes = Uint8Array.from(bytes);
      bytes[flip] = (bytes[flip] ?? 0) ^ 0xff;
    }
    const range = parseRange(req.headers.range, bytes.length);
    const [start, end] = range ?? [0, bytes.length - 1];
    const body = bytes.subarray(start, end + 1);
    res.writeHead(range === undefined ? 200 : 206, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      'accept-ranges': 'bytes',
      etag: `"${etag}"`,
      ...(range === undefined ? {} : { 'content-range': `bytes ${start}-${end}/${bytes.length}` }),
    });
    if (req.method === 'HEAD') return void res.end();
    const drop = drops.get(path);
    if (drop !== undefined && body.length > drop) {
      drops.delete(path);
      res.write(body.subarray(0, drop), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorization = req.headers.authorization;
    requests.push({
      method: req.method ?? '',
      path: `${url.pathname}${url.search}`,
      range: req.headers.range,
      authorized: authorization !== undefined,
    });
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', EXPOSED);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, HEAD, POST',
        'access-control-allow-headers': 'authorization, range, accept, content-type',
      });
      return void res.end();
    }
    const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
    const api = parts[0] === 'api' && parts[1] === 'models';
    const cdn = parts[0] === 'cdn';
    const [owner, name, kind, revision, ...rest] = api || cdn ? parts.slice(api ? 2 : 1) : parts;
    const repo = served.get(`${owner}/${name}`);
    if (repo === undefined) {
      return json(res, 404, { error: 'Repository not found' }, { 'x-error-code': 'RepoNotFound' });
    }
    const token = repo.spec.token;
    if (token !== undefined && !cdn && authorization !== `Bearer ${token}`) {
      const error = `Access to model ${owner}/${name} is restricted. You must have access to it and be authenticated to access it. Please log in.`;
      return json(res, 401, { error }, { 'x-error-code': 'GatedRepo' });
    }
    if (cdn) {
      const entry = [...repo.files].find(([, file]) => file.sha256 === kind);
      if (entry === undefined) return json(res, 404, { error: 'Not found' });
      return sendBytes(req, res, entry[0], entry[1], entry[1].sha256);
    }
    const branches = ['main', ...(repo.spec.branches ?? []), repo.commit];
    if (revision === undefined || !branches.includes(revision)) {
      return json(res, 404, { error: 'Revision not found' }, { 'x-error-code': 'RevisionNotFound' });
    }
    const path = rest.join('/');
    if (api && kind === 'revision') {
      const siblings = [...repo.files.keys()].map((rfilename) => ({ rfilename }));
      const info = { _id: repo.commit.slice(0, 24), id: `${owner}/${name}`, sha: repo.commit, siblings };
      return json(res, 200, {
        ...info,
        private: token !== undefined,
        gated: token === undefined ? false : 'manual',
        downloads: 0,
        likes: 0,
        lastModified: '2026-01-01T00:00:00.000Z',
      });
    }
    if (api && kind === 'tree') {
      return json(res, 200, treeEntries(repo.files, path, url.searchParams.get('recursive') === 'true'));
    }
    const file = kind === 'resolve' ? repo.files.get(path) : undefined;
    if (file === undefined)
      return json(res, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' });
    res.setHeader('x-repo-commit', repo.commit);
    if (!file.lfs) return sendBytes(req, res, path, file, file.gitSha1);
    res.writeHead(302, {
      location: `/cdn/${owner}/${name}/${file.sha256}`,
      'x-linked-etag': `"${file.sha256}"`,
      'x-linked-size': String(file.bytes.length),
      etag: `"${file.gitSha1}"`,
    });
    res.end();
  };

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    commit(repo) {
      const entry = served.get(repo);
      if (entry === undefined) throw new Error(`startFakeHub: no repo ${repo}`);
      return entry.commit;
    },
    dropAfter: (path, bytes) => void drops.set(path, bytes),
    corrupt: (path, offset) => void corruptions.set(path, offset),
    reset() {
      requests.length = 0;
      drops.clear();
      corruptions.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

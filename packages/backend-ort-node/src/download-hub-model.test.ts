import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Backend,
  ChecksumMismatchError,
  ModelDownloadError,
  ModelLoadError,
  ModelNotCachedError,
  type ProgressEvent,
} from '@sow/core';
import { buildModel, GraphBuilder } from '@sow/onnx-graph';
import {
  ensureTestModels,
  type FakeHub,
  hubFileHashes,
  readRepoFiles,
  rejection,
  startFakeHub,
} from '@sow/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOrtNodeBackend } from './create-ort-node-backend.js';
import { downloadHubModel } from './download-hub-model.js';
import { loadStableDiffusionFromDir } from './load-stable-diffusion-from-dir.js';

const TOKEN = 'hf_fakeGatedRepoToken0123456789';
const WRONG = 'hf_someoneElsesToken9876543210';

let hub: FakeHub;
let backend: Backend;
let source: Record<string, Uint8Array>;
let cacheDir: string;
let fp16Unet: Uint8Array;

/** Repo paths the fake Hub was asked to `resolve` (downloads), without probes of size one byte. */
function resolvedPaths(repo: string): string[] {
  const prefix = `/${repo}/resolve/${hub.commit(repo)}/`;
  return [
    ...new Set(hub.requests.filter((r) => r.path.startsWith(prefix)).map((r) => r.path.slice(prefix.length))),
  ].sort();
}

/** A graph with `com.microsoft::GroupNorm`, a contrib op of GPU-optimised SD exports with no CPU kernel. */
function groupNormGraph(): Uint8Array {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', [1, 32, 4, 4]);
  const gamma = g.initializer('gamma', 'float32', [32], new Float32Array(32).fill(1));
  const beta = g.initializer('beta', 'float32', [32], new Float32Array(32));
  const attributes = { epsilon: 1e-5, groups: 32, activation: 1 };
  g.output(g.node('GroupNorm', [x, gamma, beta], { domain: 'com.microsoft', attributes }), 'float32');
  return buildModel(g, { extraOpsets: [{ domain: 'com.microsoft', version: 1 }] });
}

const storage = (repo: string) => join(cacheDir, `models--${repo.replace('/', '--')}`);
const hubOptions = () => ({ endpoint: hub.endpoint, cacheDir });

beforeAll(async () => {
  const dirs = ensureTestModels(['diffusers', 'fp16']);
  source = readRepoFiles(dirs.diffusers);
  fp16Unet = readRepoFiles(dirs.fp16)['unet/model.onnx'] as Uint8Array;
  const extra = {
    'README.md': new TextEncoder().encode('# a test pipeline\n'),
    'safety_checker/model.onnx': source['vae_decoder/model.onnx'] as Uint8Array,
    'unet/model_fp16.onnx': fp16Unet,
  };
  hub = await startFakeHub({
    'owner/sd': { files: { ...source, ...extra } },
    'owner/gated': { files: source, token: TOKEN },
    // Stand-ins for the two revisions of aislamov/stable-diffusion-2-1-base-onnx: `cpu`, the plain export
    // in diffusers' layout and I/O, and `main`, GPU-optimised with ONNX Runtime contrib ops in the UNet.
    'community/sd21-onnx': { files: source, branches: ['cpu'] },
    'community/sd21-gpu': { files: { ...source, 'unet/model.onnx': groupNormGraph() } },
  });
  backend = await createOrtNodeBackend({ device: 'cpu' });
  process.env.HF_TOKEN_PATH = join(tmpdir(), 'sow-no-hf-token-file');
});

afterAll(async () => {
  await hub?.close();
});

afterEach(async () => {
  hub.reset();
  delete process.env.HF_TOKEN;
  delete process.env.HF_HUB_OFFLINE;
  if (cacheDir !== undefined) await rm(cacheDir, { recursive: true, force: true });
});

const freshCache = async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'sow-hf-cache-'));
};

describe('hf: model ids against a fake Hub', () => {
  it('downloads exactly the needed files into the standard cache layout, then loads with no request, also offline', async () => {
    await freshCache();
    const events: ProgressEvent[] = [];
    const models = await loadStableDiffusionFromDir('hf:owner/sd', {
      backend,
      hub: hubOptions(),
      onProgress: (e) => events.push(e),
    });
    await models.dispose();

    const commit = hub.commit('owner/sd');
    const needed = Object.keys(source).sort();
    // Each needed blob is fetched once (files with equal bytes share a blob), nothing else is fetched.
    const blobOf = (path: string) => hubFileHashes(source[path] as Uint8Array).sha256;
    const resolved = resolvedPaths('owner/sd');
    expect(needed).toEqual(expect.arrayContaining(resolved));
    expect(new Set(resolved.map(blobOf))).toEqual(new Set(needed.map(blobOf)));
    expect(await readFile(join(storage('owner/sd'), 'refs', 'main'), 'utf8')).toBe(commit);
    for (const path of needed) {
      const pointer = join(storage('owner/sd'), 'snapshots', commit, path);
      const bytes = source[path] as Uint8Array;
      const { sha256, gitSha1 } = hubFileHashes(bytes);
      const blob = path.endsWith('.onnx') ? sha256 : gitSha1;
      const up = path
        .split('/')
        .slice(1)
        .map(() => '..');
      expect(await readlink(pointer)).toBe(join(...up, '..', '..', 'blobs', blob));
      expect(Buffer.compare(await readFile(pointer), bytes)).toBe(0);
    }
    // git itself names small files' blobs as the cache does (an implementation independent of ours).
    const indexBlob = execFileSync('git', ['hash-object', '--stdin'], { input: source['model_index.json'] });
    expect(await readdir(join(storage('owner/sd'), 'blobs'))).toContain(indexBlob.toString().trim());

    const downloads = events.flatMap((e) => (e.type === 'download' && e.overall ? [e.overall] : []));
    const total = needed.reduce((n, p) => n + (source[p]?.length ?? 0), 0);
    expect(downloads.at(-1)).toEqual({ loaded: total, total });

    hub.reset();
    await (await loadStableDiffusionFromDir('hf:owner/sd', { backend, hub: hubOptions() })).dispose();
    expect(hub.requests).toEqual([]);
    process.env.HF_HUB_OFFLINE = '1';
    const offline = await downloadHubModel('hf:owner/sd', { ...hubOptions(), revalidate: true });
    expect(offline.downloaded).toEqual([]);
    expect(hub.requests).toEqual([]);
  });

  it('shares one transfer per file between two loads of a model at once', async () => {
    await freshCache();
    const [a, b] = await Promise.all([
      downloadHubModel('hf:owner/sd', hubOptions()),
      downloadHubModel('hf:owner/sd', hubOptions()),
    ]);
    expect(a.dir).toBe(b.dir);
    const transfers = hub.requests.filter((r) => r.path.startsWith('/cdn/') && r.range === undefined);
    expect(transfers).toHaveLength(new Set(transfers.map((r) => r.path)).size);
    expect(
      Buffer.compare(
        await readFile(join(a.dir, 'unet', 'model.onnx')),
        source['unet/model.onnx'] as Uint8Array,
      ),
    ).toBe(0);
  });

  it('offline with what is missing from the cache says exactly what', async () => {
    await freshCache();
    process.env.HF_HUB_OFFLINE = '1';
    const none = await rejection(downloadHubModel('hf:owner/sd', hubOptions()));
    expect(none).toBeInstanceOf(ModelNotCachedError);
    expect((none as ModelNotCachedError).missing).toEqual(['refs/main']);
    delete process.env.HF_HUB_OFFLINE;
    const { commit } = await downloadHubModel('hf:owner/sd', hubOptions());
    await rm(join(storage('owner/sd'), 'snapshots', commit, 'unet', 'model.onnx'));
    hub.reset();
    const partial = await rejection(downloadHubModel('hf:owner/sd', { ...hubOptions(), offline: true }));
    expect(partial).toBeInstanceOf(ModelNotCachedError);
    expect((partial as ModelNotCachedError).missing).toEqual([`snapshots/${commit}/unet/model.onnx`]);
    expect(hub.requests).toEqual([]);
  });

  it('resumes a broken transfer and an aborted one with Range requests, ending with identical bytes', async () => {
    await freshCache();
    const unet = source['unet/model.onnx'] as Uint8Array;
    const { sha256 } = hubFileHashes(unet);
    hub.dropAfter('unet/model.onnx', 300_000);
    const broken = await downloadHubModel('hf:owner/sd', hubOptions());
    const cdn = `/cdn/owner/sd/${sha256}`;
    // The bytes received before the drop (some may still sit in the client's stream queue) are kept.
    const transfers = hub.requests.filter((r) => r.path === cdn && r.range !== 'bytes=0-0');
    const resumedAt = Number(/^bytes=(\d+)-/.exec(transfers[1]?.range ?? '')?.[1]);
    expect(transfers.map((r) => r.range)).toEqual([undefined, `bytes=${resumedAt}-${unet.length - 1}`]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(300_000);
    expect(Buffer.compare(await readFile(join(broken.dir, 'unet', 'model.onnx')), unet)).toBe(0);

    await freshCache();
    hub.reset();
    const controller = new AbortController();
    const reason = new Error('user stopped');
    const aborted = await rejection(
      downloadHubModel('hf:owner/sd', {
        ...hubOptions(),
        signal: controller.signal,
        onProgress: (e) => {
          if (e.type === 'download' && e.location.endsWith('unet/model.onnx') && e.loaded >= 200_000) {
            controller.abort(reason);
          }
        },
      }),
    );
    expect(aborted).toBe(reason);
    const commit = hub.commit('owner/sd');
    const kept = (await stat(join(storage('owner/sd'), 'blobs', `${sha256}.incomplete`))).size;
    expect(kept).toBeGreaterThanOrEqual(200_000);
    expect(kept).toBeLessThan(unet.length);
    await expect(
      stat(join(storage('owner/sd'), 'snapshots', commit, 'unet', 'model.onnx')),
    ).rejects.toThrow();
    hub.reset();
    const resumed = await downloadHubModel('hf:owner/sd', hubOptions());
    const ranges = hub.requests.filter((r) => r.path === cdn && r.range !== 'bytes=0-0').map((r) => r.range);
    expect(ranges).toEqual([`bytes=${kept}-${unet.length - 1}`]);
    expect(Buffer.compare(await readFile(join(resumed.dir, 'unet', 'model.onnx')), unet)).toBe(0);
  });

  it('deletes a file whose bytes do not match the checksum and reports it; nothing reaches snapshots/', async () => {
    for (const [path, algorithm] of [
      ['unet/model.onnx', 'sha256'],
      ['model_index.json', 'git-sha1'],
    ] as const) {
      await freshCache();
      hub.reset();
      hub.corrupt(path, 1000 % (source[path]?.length ?? 1));
      const error = await rejection(
        loadStableDiffusionFromDir('hf:owner/sd', { backend, hub: hubOptions() }),
      );
      const hashes = hubFileHashes(source[path] as Uint8Array);
      expect(ChecksumMismatchError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        algorithm,
        expected: algorithm === 'sha256' ? hashes.sha256 : hashes.gitSha1,
        location: `hf:owner/sd@main/${path}`,
      });
      const blobs = await readdir(join(storage('owner/sd'), 'blobs'));
      expect(blobs.filter((b) => b.startsWith((error as ChecksumMismatchError).expected))).toEqual([]);
      const snapshot = join(storage('owner/sd'), 'snapshots', hub.commit('owner/sd'));
      await expect(stat(join(snapshot, path))).rejects.toThrow();
    }
  });

  it('refuses a gated repository without a token with a typed error, and never prints the token', async () => {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    const spies = [
      ...(['log', 'info', 'debug', 'warn', 'error'] as const).map((m) =>
        vi.spyOn(console, m).mockImplementation(capture),
      ),
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        capture(chunk);
        return true;
      }),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        capture(chunk);
        return true;
      }),
    ];
    try {
      await freshCache();
      const anonymous = await rejection(downloadHubModel('hf:owner/gated', hubOptions()));
      expect(anonymous).toMatchObject({ name: 'ModelDownloadError', status: 401 });
      expect(String((anonymous as Error).message)).toMatch(/gated or private.*HF_TOKEN/);

      process.env.HF_TOKEN = WRONG;
      const wrong = await rejection(downloadHubModel('hf:owner/gated', hubOptions()));
      expect(wrong).toMatchObject({ name: 'ModelDownloadError', status: 401 });
      expect(ModelDownloadError.isInstance(wrong)).toBe(true);
      const bad = await rejection(
        downloadHubModel('hf:owner/gated', { ...hubOptions(), token: 'not-a-token-secret' }),
      );

      process.env.HF_TOKEN = TOKEN;
      const ok = await downloadHubModel('hf:owner/gated', hubOptions());
      expect(ok.downloaded.length).toBe(Object.keys(source).length);

      const texts = [anonymous, wrong, bad].flatMap((e) => {
        const error = e as Error & { cause?: unknown };
        return [error.message, String(error.stack), String(error.cause), JSON.stringify(error)];
      });
      for (const text of [...texts, ...printed]) {
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(WRONG);
        expect(text).not.toContain('not-a-token-secret');
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('picks the fp16 variant where a folder has both precisions, and loads it as the UNet', async () => {
    await freshCache();
    const fp16 = await downloadHubModel('hf:owner/sd', { ...hubOptions(), variant: 'fp16' });
    expect(fp16.aliases).toEqual({ 'unet/model.onnx': 'unet/model_fp16.onnx' });
    expect(fp16.downloaded.filter((p) => p.startsWith('unet/'))).toEqual([
      'unet/config.json',
      'unet/model_fp16.onnx',
    ]);
    const models = await loadStableDiffusionFromDir('hf:owner/sd', {
      backend,
      hub: { ...hubOptions(), variant: 'fp16' },
    });
    await models.dispose();
  });

  it('loads the plain `cpu` revision of a community export for SOW, and names the GPU-only op of its `main`', async () => {
    await freshCache();
    const options = { backend, hub: hubOptions() };
    const sow = await loadStableDiffusionFromDir('hf:community/sd21-onnx@cpu', {
      ...options,
      attentionModulation: true,
    });
    await sow.dispose();
    const gpu = await rejection(loadStableDiffusionFromDir('hf:community/sd21-gpu', options));
    expect(gpu).toBeInstanceOf(ModelLoadError);
    expect((gpu as ModelLoadError).location).toMatch(
      /models--community--sd21-gpu\/snapshots\/[0-9a-f]{40}\/unet\/model\.onnx$/,
    );
    expect((gpu as Error).message).toMatch(
      /Could not find an implementation for GroupNorm\(1\).*GroupNorm is a contrib op of GPU-optimised exports.*`cpu` revision/,
    );
  });
});

import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { getRepoFolderName, listFiles, modelInfo } from '@huggingface/hub';
import {
  ModelLoadError,
  ModelNotCachedError,
  type ProgressCallback,
  parseHubModelId,
  throwIfAborted,
} from '@sow/core';
import { downloadHubFile, type HubFileJob } from './download-hub-file.js';
import type { HubModelOptions } from './hub-model-options.js';
import { hubRequestError } from './hub-request-error.js';
import { resolveHubSettings } from './resolve-hub-settings.js';
import { selectPipelineFiles } from './select-pipeline-files.js';

/** Options of {@link downloadHubModel}. */
export interface DownloadHubModelOptions extends HubModelOptions {
  /** Cancels the requests and transfers; a partial file is kept and the next call resumes it. */
  readonly signal?: AbortSignal;
  /** Receives a `download` event per file as its bytes arrive, with `overall` bytes of the whole snapshot. */
  readonly onProgress?: ProgressCallback;
}

/** A Stable Diffusion pipeline folder in the local Hub cache, returned by {@link downloadHubModel}. */
export interface HubModelFolder {
  /** `snapshots/<commit>[/<subfolder>]` in the cache: the folder holding `model_index.json`. */
  readonly dir: string;
  /** The commit the revision resolved to. */
  readonly commit: string;
  /** Files the loader must read under another name (`unet/model.onnx` → `unet/model_fp16.onnx`). */
  readonly aliases: Readonly<Record<string, string>>;
  /** Paths (relative to `dir`) that this call downloaded; empty when everything came from the cache. */
  readonly downloaded: readonly string[];
}

const COMMIT = /^[0-9a-f]{40}$/;

/** Every file path under `dir`, relative and with forward slashes; empty when `dir` does not exist. */
async function listLocal(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/**
 * Brings the files a Stable Diffusion load needs from a Hugging Face Hub repository into the standard Hub
 * cache (`models--owner--name/{blobs,snapshots,refs}`, shared with Python's diffusers and transformers) and
 * returns the local folder. `model_index.json`, the scheduler, tokenizer and four model folders (one
 * precision, see `variant`) are fetched; `safety_checker/` and the rest are not. A cached branch with every
 * needed file costs no request; in offline mode the cache alone is used. Built on `@huggingface/hub`
 * (`modelInfo` for the commit, `listFiles` for sizes and checksums, `downloadFile` for bytes), with resumed
 * and verified transfers (see `downloadHubFile`).
 * @param id - `hf:owner/name[@revision][/subfolder]`.
 * @throws InvalidArgumentError for a malformed id or token; ModelDownloadError (with `status`) when the Hub
 * refuses or cannot be reached; ChecksumMismatchError for corrupt bytes; ModelNotCachedError offline when
 * the cache lacks something; ModelLoadError when the repository is not an SD ONNX export; the signal's
 * reason when aborted.
 * @example
 * const { dir } = await downloadHubModel('hf:aislamov/stable-diffusion-2-1-base-onnx@cpu', {
 *   onProgress: (e) => e.type === 'download' && console.log(e.location, e.loaded, e.total),
 * });
 */
export async function downloadHubModel(
  id: string,
  options: DownloadHubModelOptions = {},
): Promise<HubModelFolder> {
  const model = parseHubModelId(id);
  const settings = resolveHubSettings(options);
  const { signal, onProgress } = options;
  const label = `hf:${model.repo}@${model.revision}`;
  const storage = join(settings.cacheDir, getRepoFolderName({ type: 'model', name: model.repo }));
  const sub = model.subfolder === '' ? [] : model.subfolder.split('/');
  const snapshot = (commit: string) => join(storage, 'snapshots', commit, ...sub);
  throwIfAborted(signal);

  const ref = join(storage, 'refs', ...model.revision.split('/'));
  const cached = COMMIT.test(model.revision)
    ? model.revision
    : (await readFile(ref, 'utf8').catch(() => undefined))?.trim();
  if (cached !== undefined && (settings.offline || !settings.revalidate)) {
    const local = selectPipelineFiles(await listLocal(snapshot(cached)), settings.variant);
    if (local.missing.length === 0) {
      return { dir: snapshot(cached), commit: cached, aliases: local.aliases, downloaded: [] };
    }
    if (settings.offline) {
      const prefix = sub.length === 0 ? '' : `${model.subfolder}/`;
      const missing = local.missing.map((p) => `snapshots/${cached}/${prefix}${p}`);
      throw new ModelNotCachedError(label, storage, missing);
    }
  }
  if (settings.offline) {
    throw new ModelNotCachedError(label, storage, [`refs/${model.revision}`]);
  }

  const fetchWithSignal: typeof fetch = (input, init) =>
    fetch(input, { ...init, ...(signal ? { signal } : {}) });
  const request = {
    hubUrl: settings.endpoint,
    fetch: fetchWithSignal,
    ...(settings.token === undefined ? {} : { accessToken: settings.token }),
  };
  const fail = (error: unknown): never => {
    if (signal?.aborted === true) throw signal.reason;
    throw hubRequestError(label, error, settings.token !== undefined) ?? error;
  };

  let commit = model.revision;
  const entries = new Map<string, { size: number; etag: string; lfs: boolean }>();
  try {
    if (!COMMIT.test(commit)) {
      commit = (
        await modelInfo({ ...request, name: model.repo, revision: model.revision, additionalFields: ['sha'] })
      ).sha;
      await mkdir(dirname(ref), { recursive: true });
      await writeFile(ref, commit);
    }
    const listing = listFiles({
      ...request,
      repo: { type: 'model', name: model.repo },
      revision: commit,
      recursive: true,
      ...(sub.length === 0 ? {} : { path: model.subfolder }),
    });
    for await (const entry of listing) {
      if (entry.type !== 'file' || entry.oid === undefined) continue;
      const path = sub.length === 0 ? entry.path : entry.path.slice(model.subfolder.length + 1);
      const lfs = entry.lfs;
      entries.set(
        path,
        lfs
          ? { size: lfs.size, etag: lfs.oid, lfs: true }
          : { size: entry.size, etag: entry.oid, lfs: false },
      );
    }
  } catch (error) {
    fail(error);
  }

  const picked = selectPipelineFiles([...entries.keys()], settings.variant);
  if (picked.missing.length > 0) {
    throw new ModelLoadError(
      `${label}${sub.length === 0 ? '' : `/${model.subfolder}`}`,
      `the repository lacks ${picked.missing.join(', ')}: it is not a Stable Diffusion ONNX export in the diffusers/Optimum layout`,
    );
  }
  const total = picked.files.reduce((n, p) => n + (entries.get(p)?.size ?? 0), 0);
  let done = 0;
  const downloaded: string[] = [];
  const present = new Set(await listLocal(snapshot(commit)));
  for (const path of picked.files) {
    const entry = entries.get(path);
    if (entry === undefined) continue;
    const repoPath = sub.length === 0 ? path : `${model.subfolder}/${path}`;
    const job: HubFileJob = {
      repo: model.repo,
      commit,
      path: repoPath,
      size: entry.size,
      etag: entry.etag,
      algorithm: entry.lfs ? 'sha256' : 'git-sha1',
      storage,
      location: `${label}/${repoPath}`,
    };
    if (!present.has(path)) {
      let reported = -Infinity;
      const step = Math.max(1 << 16, entry.size / 100);
      const report = (loaded: number) => {
        if (loaded - reported < step && loaded !== entry.size) return;
        reported = loaded;
        onProgress?.({
          type: 'download',
          location: job.location,
          loaded,
          total: entry.size,
          overall: { loaded: done + loaded, total },
        });
      };
      try {
        await downloadHubFile(job, {
          endpoint: settings.endpoint,
          token: settings.token,
          fetch: fetchWithSignal,
          signal,
          onLoaded: report,
        });
      } catch (error) {
        fail(error);
      }
      downloaded.push(path);
    }
    done += entry.size;
  }
  return { dir: snapshot(commit), commit, aliases: picked.aliases, downloaded };
}

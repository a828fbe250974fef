import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { getRepoFolderName, listFiles, modelInfo } from '@huggingface/hub';
import {
  type HubModelId,
  ModelLoadError,
  ModelNotCachedError,
  type ProgressCallback,
  parseHubModelId,
  throwIfAborted,
} from '@sow/core';
import { downloadHubFile, type HubFileJob } from './download-hub-file.js';
import type { HubModelOptions } from './hub-model-options.js';
import { hubRequestError } from './hub-request-error.js';
import { type HubSettings, resolveHubSettings } from './resolve-hub-settings.js';
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

/** `refs/<revision>` of a repository's cache folder: the file naming the commit a branch or tag resolved to. */
function refFile(storage: string, revision: string): string {
  return join(storage, 'refs', ...revision.split('/'));
}

/** Every file path under `dir`, relative and with forward slashes; empty when `dir` does not exist. */
async function listLocal(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** Size and checksum of a repository file, from the Hub's tree listing. */
interface HubEntry {
  /** Bytes (the LFS size for LFS files). */
  readonly size: number;
  /** LFS sha256, or git blob id of a small file. */
  readonly etag: string;
  /** True for LFS files. */
  readonly lfs: boolean;
}

/** The files of the model's folder at `commit` (paths relative to the subfolder) with sizes and checksums. */
async function listHubEntries(
  model: HubModelId,
  commit: string,
  request: { hubUrl: string; fetch: typeof fetch; accessToken?: string },
): Promise<Map<string, HubEntry>> {
  const prefix = model.subfolder === '' ? '' : `${model.subfolder}/`;
  const entries = new Map<string, HubEntry>();
  const listing = listFiles({
    ...request,
    repo: { type: 'model', name: model.repo },
    revision: commit,
    recursive: true,
    ...(prefix === '' ? {} : { path: model.subfolder }),
  });
  for await (const entry of listing) {
    if (entry.type !== 'file' || entry.oid === undefined || !entry.path.startsWith(prefix)) continue;
    const { lfs } = entry;
    const info = lfs
      ? { size: lfs.size, etag: lfs.oid, lfs: true }
      : { size: entry.size, etag: entry.oid, lfs: false };
    entries.set(entry.path.slice(prefix.length), info);
  }
  return entries;
}

/**
 * The cached folder of the model when the cache has every needed file of the revision's commit (a commit id,
 * or the one `refs/<revision>` names), `undefined` when it must be downloaded; offline, a cache that holds
 * the commit but lacks files throws `ModelNotCachedError` listing them.
 */
async function cachedHubFolder(
  model: HubModelId,
  storage: string,
  snapshot: (commit: string) => string,
  settings: HubSettings,
): Promise<HubModelFolder | undefined> {
  const ref = refFile(storage, model.revision);
  const commit = COMMIT.test(model.revision)
    ? model.revision
    : (await readFile(ref, 'utf8').catch(() => undefined))?.trim();
  if (commit === undefined || (settings.revalidate && !settings.offline)) return undefined;
  const local = selectPipelineFiles(await listLocal(snapshot(commit)), settings.variant);
  if (local.missing.length === 0) {
    return { dir: snapshot(commit), commit, aliases: local.aliases, downloaded: [] };
  }
  if (!settings.offline) return undefined;
  const prefix = model.subfolder === '' ? '' : `${model.subfolder}/`;
  const missing = local.missing.map((p) => `snapshots/${commit}/${prefix}${p}`);
  throw new ModelNotCachedError(`hf:${model.repo}@${model.revision}`, storage, missing);
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

  const ref = refFile(storage, model.revision);
  const cached = await cachedHubFolder(model, storage, snapshot, settings);
  if (cached !== undefined) return cached;
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
    throwIfAborted(signal);
    throw hubRequestError(label, error, settings.token !== undefined) ?? error;
  };

  let commit = model.revision;
  let entries: Map<string, HubEntry> = new Map();
  try {
    if (!COMMIT.test(commit)) {
      const info = await modelInfo({
        ...request,
        name: model.repo,
        revision: commit,
        additionalFields: ['sha'],
      });
      commit = info.sha;
      await mkdir(dirname(ref), { recursive: true });
      await writeFile(ref, commit);
    }
    entries = await listHubEntries(model, commit, request);
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

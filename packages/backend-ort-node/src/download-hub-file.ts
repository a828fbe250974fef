import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { downloadFile } from '@huggingface/hub';
import { ChecksumMismatchError, ModelDownloadError, throwIfAborted } from '@sow/core';
import { hubRequestError } from './hub-request-error.js';

/** One file of a Hub snapshot to bring into the cache. */
export interface HubFileJob {
  /** Repository id, `owner/name`. */
  readonly repo: string;
  /** Commit the snapshot is of. */
  readonly commit: string;
  /** Path in the repository. */
  readonly path: string;
  /** Size in bytes (the LFS size for LFS files). */
  readonly size: number;
  /** Blob name in the cache: the LFS sha256, or the git blob id of a small file. */
  readonly etag: string;
  /** How {@link HubFileJob.etag} is computed from the bytes. */
  readonly algorithm: 'sha256' | 'git-sha1';
  /** The repository's cache folder, `<cache>/models--owner--name`. */
  readonly storage: string;
  /** Names the file in progress events and errors, e.g. `hf:owner/name@main/unet/model.onnx`. */
  readonly location: string;
}

/** How {@link downloadHubFile} reaches the Hub and reports. */
export interface HubTransfer {
  /** Hub endpoint. */
  readonly endpoint: string;
  /** Access token, if any. */
  readonly token: string | undefined;
  /** `fetch` carrying the caller's signal, handed to `@huggingface/hub`. */
  readonly fetch: typeof fetch;
  /** The caller's signal. */
  readonly signal: AbortSignal | undefined;
  /** Called with the bytes of this file on disk so far (resumed bytes included) as they grow. */
  readonly onLoaded: (loaded: number) => void;
}

/** Transfers that may break off before a download gives up (each resumes where the last stopped). */
const ATTEMPTS = 3;

/** Blobs being downloaded in this process, so two loads of one model share a transfer instead of racing. */
const inFlight = new Map<string, Promise<void>>();

/** Size of a file, 0 when it does not exist. */
async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}

/** The file's checksum as the Hub computes it for `algorithm`. */
async function checksum(path: string, algorithm: 'sha256' | 'git-sha1', size: number): Promise<string> {
  const hash = createHash(algorithm === 'sha256' ? 'sha256' : 'sha1');
  if (algorithm === 'git-sha1') hash.update(`blob ${size}\0`);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Appends the file's bytes from `offset` to `partial`, asking with a `Range` request when resuming. */
async function append(
  job: HubFileJob,
  transfer: HubTransfer,
  partial: string,
  offset: number,
): Promise<void> {
  const file = await downloadFile({
    repo: { type: 'model', name: job.repo },
    path: job.path,
    revision: job.commit,
    hubUrl: transfer.endpoint,
    fetch: transfer.fetch,
    ...(transfer.token === undefined ? {} : { accessToken: transfer.token }),
  });
  if (file === null) {
    throw new ModelDownloadError(job.location, 'the file is not in the repository (HTTP 404)', {
      status: 404,
    });
  }
  const body = (offset > 0 ? file.slice(offset) : file).stream() as ReadableStream<Uint8Array>;
  // Each chunk is on disk before the next is read, so a transfer that breaks off keeps all it received.
  const out = await open(partial, 'a');
  try {
    let loaded = offset;
    for await (const chunk of Readable.fromWeb(body)) {
      await out.write(chunk as Buffer);
      loaded += (chunk as Buffer).length;
      transfer.onLoaded(loaded);
    }
  } finally {
    await out.close();
  }
}

/** Downloads the blob into `<blob>.incomplete`, resuming a partial file, then verifies and renames it. */
async function fetchBlob(job: HubFileJob, transfer: HubTransfer, blob: string): Promise<void> {
  const partial = `${blob}.incomplete`;
  let failures = 0;
  for (;;) {
    throwIfAborted(transfer.signal);
    let offset = await sizeOf(partial);
    if (offset > job.size) {
      await rm(partial, { force: true });
      offset = 0;
    }
    if (offset === job.size) break;
    transfer.onLoaded(offset);
    try {
      await append(job, transfer, partial, offset);
    } catch (error) {
      throwIfAborted(transfer.signal);
      const mapped = hubRequestError(job.location, error, transfer.token !== undefined);
      if (mapped !== undefined) throw mapped;
      failures += 1;
      if (failures >= ATTEMPTS) {
        const kept = await sizeOf(partial);
        throw new ModelDownloadError(
          job.location,
          `the transfer broke off ${failures} times; the ${kept} bytes received are kept and the next load resumes from there`,
          { cause: error },
        );
      }
    }
  }
  const received = await checksum(partial, job.algorithm, job.size);
  if (received !== job.etag) {
    await rm(partial, { force: true });
    throw new ChecksumMismatchError(job.location, job.algorithm, job.etag, received);
  }
  await rename(partial, blob);
}

/**
 * Brings one file of a Hub snapshot into the standard Hub cache, as Python's `huggingface_hub` lays it out:
 * the bytes go to `blobs/<etag>.incomplete` (a partial file left by an interrupted run is resumed with a
 * `Range` request, and a transfer that breaks off is resumed up to 3 times), are checked against the LFS
 * sha256 or git blob id, renamed to `blobs/<etag>`, and only then linked from `snapshots/<commit>/<path>`.
 * A mismatch deletes the bytes and throws `ChecksumMismatchError`; nothing half-written reaches `snapshots/`.
 */
export async function downloadHubFile(job: HubFileJob, transfer: HubTransfer): Promise<void> {
  const blob = join(job.storage, 'blobs', job.etag);
  const pointer = join(job.storage, 'snapshots', job.commit, ...job.path.split('/'));
  await mkdir(dirname(blob), { recursive: true });
  // One transfer per blob in this process: a second load waits for it (its failure, an abort say, is its
  // own, and the waiter then transfers the file itself). Nothing is awaited between the check and the claim.
  for (let running = inFlight.get(blob); running !== undefined; running = inFlight.get(blob)) {
    await running.catch(() => undefined);
  }
  const mine = (async () => {
    if ((await stat(blob).catch(() => undefined)) === undefined) await fetchBlob(job, transfer, blob);
    else transfer.onLoaded(job.size);
  })();
  inFlight.set(blob, mine);
  try {
    await mine;
  } finally {
    inFlight.delete(blob);
  }
  await mkdir(dirname(pointer), { recursive: true });
  await rm(pointer, { force: true });
  // A relative link keeps the cache movable; where links are not allowed (Windows without rights), a copy.
  await symlink(relative(dirname(pointer), blob), pointer).catch((error: { code?: unknown }) =>
    error.code === 'EEXIST' ? undefined : copyFile(blob, pointer),
  );
}

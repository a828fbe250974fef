import { readFile } from 'node:fs/promises';
import { dirname, normalize, resolve, sep } from 'node:path';
import { type ExternalDataFile, InvalidArgumentError, ModelLoadError, type ModelSource } from '@sow/core';
import { InferenceSession } from 'onnxruntime-node';
import { checkExternalData } from './check-external-data.js';
import { requireFile } from './require-file.js';

/** The most bytes Node reads into one buffer (`fs.readFile` refuses larger files with a `RangeError`). */
const MAX_READ_BYTES = 2 ** 31 - 1;

/** First line of an error's message, for load-error reasons (ORT messages can run to many lines). */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * Why ONNX Runtime refused a model, for `ModelLoadError`: its first line, plus what to do when the graph uses
 * an operator this build has no kernel for (the contrib ops of GPU-optimised exports, such as `GroupNorm`).
 */
function rejected(error: unknown): string {
  const line = firstLine(error);
  const op = /Could not find an implementation for (\w+)\(\d+\) node/.exec(line)?.[1];
  if (op === undefined) return `ONNX Runtime rejected it: ${line}`;
  return `ONNX Runtime rejected it: ${line.replace(/\.$/, '')}. ${op} is a contrib op of GPU-optimised exports (ONNX Runtime's transformer optimizer) with no kernel on this device: use a plain export (such as a Hub repository's \`cpu\` revision) or a device that has the op`;
}

/**
 * The one folder holding every external weights file under the name recorded in the graph, when all are
 * given by path (`{ path: 'weights.pb', data: '/models/unet/weights.pb' }`); otherwise `undefined`.
 */
function sharedWeightsFolder(files: readonly ExternalDataFile[]): string | undefined {
  let folder: string | undefined;
  for (const file of files) {
    if (typeof file.data !== 'string') return undefined;
    const full = resolve(file.data);
    const name = normalize(file.path);
    if (!full.endsWith(`${sep}${name}`)) return undefined;
    const dir = full.slice(0, full.length - name.length - 1);
    if (folder !== undefined && folder !== dir) return undefined;
    folder = dir;
  }
  return folder;
}

/** Session options that make ONNX Runtime read a graph-from-bytes' external weights from `folder` itself. */
function readWeightsFrom(
  options: InferenceSession.SessionOptions,
  folder: string,
): InferenceSession.SessionOptions {
  const extra = (options.extra ?? {}) as Record<string, unknown>;
  const session = (extra.session ?? {}) as Record<string, unknown>;
  return {
    ...options,
    extra: { ...extra, session: { ...session, model_external_initializers_file_folder_path: folder } },
  };
}

/** External weights as bytes for `InferenceSession.create`, reading the ones given by path. */
async function externalDataBytes(
  files: readonly ExternalDataFile[],
): Promise<NonNullable<InferenceSession.SessionOptions['externalData']>> {
  return Promise.all(
    files.map(async (file) => {
      if (typeof file.data !== 'string') return { path: file.path, data: file.data };
      const size = await requireFile(file.data);
      if (size > MAX_READ_BYTES) {
        throw new ModelLoadError(
          file.data,
          `it is ${size} bytes, more than the 2 GiB Node can read into memory; give every external weights file by path, from one folder and under the name the graph records, so ONNX Runtime reads them itself`,
        );
      }
      return { path: file.path, data: new Uint8Array(await readFile(file.data)) };
    }),
  );
}

/** Creates the session; a failure becomes `ModelLoadError`, explained by `diagnose` when it finds the cause. */
async function create(
  label: string,
  model: string | Uint8Array,
  options: InferenceSession.SessionOptions,
  diagnose: () => Promise<void>,
): Promise<InferenceSession> {
  try {
    return await (typeof model === 'string'
      ? InferenceSession.create(model, options)
      : InferenceSession.create(model, options));
  } catch (cause) {
    await diagnose();
    throw new ModelLoadError(label, rejected(cause), { cause });
  }
}

/**
 * Opens an ONNX Runtime session from a {@link ModelSource}: a file path (ORT finds external weights such as
 * `weights.pb` or `model.onnx_data` beside it) or bytes plus external weights. External weights given by
 * path from one folder, under the names the graph records, are read by ONNX Runtime itself (any size, no
 * copy in the JS heap); bytes are handed over as they are. A missing, truncated or over-large file, or a
 * model ORT cannot parse, rejects with `ModelLoadError` naming the file, with ORT's error as cause.
 */
export async function createOrtSession(
  source: ModelSource,
  options: InferenceSession.SessionOptions,
): Promise<InferenceSession> {
  if ('location' in source && typeof source.location === 'string') {
    const path = source.location;
    const size = await requireFile(path);
    return create(path, path, options, async () => {
      if (size <= MAX_READ_BYTES) await checkExternalData(await readFile(path), path, dirname(path));
    });
  }
  if ('bytes' in source && source.bytes instanceof Uint8Array) {
    const { bytes, externalData = [] } = source;
    const label = `model bytes (${bytes.byteLength} B)`;
    const folder = externalData.length > 0 ? sharedWeightsFolder(externalData) : undefined;
    if (folder !== undefined) {
      return create(label, bytes, readWeightsFrom(options, folder), () =>
        checkExternalData(bytes, label, folder),
      );
    }
    const files = await externalDataBytes(externalData);
    const withData = files.length > 0 ? { ...options, externalData: files } : options;
    return create(label, bytes, withData, async () => {});
  }
  throw new InvalidArgumentError(
    'Backend.loadSession',
    'source',
    '{ location: string } or { bytes: Uint8Array, externalData? }',
    source,
  );
}

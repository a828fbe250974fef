import { readFile, stat } from 'node:fs/promises';
import { InvalidArgumentError, ModelLoadError, type ModelSource } from '@sow/core';
import { InferenceSession } from 'onnxruntime-node';

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

/** Checks that a path names a readable file; otherwise `ModelLoadError` naming it. */
async function requireFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ModelLoadError(path, 'it is not a file');
  } catch (cause) {
    if (ModelLoadError.isInstance(cause)) throw cause;
    throw new ModelLoadError(path, 'file not found', { cause });
  }
}

/** External weights for `InferenceSession.create`, reading the ones given by path. */
async function externalDataBytes(
  source: Extract<ModelSource, { bytes: Uint8Array }>,
): Promise<InferenceSession.SessionOptions['externalData']> {
  const files = source.externalData ?? [];
  return Promise.all(
    files.map(async (file) => {
      if (typeof file.data !== 'string') return { path: file.path, data: file.data };
      await requireFile(file.data);
      return { path: file.path, data: new Uint8Array(await readFile(file.data)) };
    }),
  );
}

/**
 * Opens an ONNX Runtime session from a {@link ModelSource}: a file path (ORT finds external weights such as
 * `weights.pb` or `model.onnx_data` beside it) or bytes plus external weights. A missing file or a model
 * ORT cannot parse rejects with `ModelLoadError` naming where it came from, with ORT's error as cause.
 */
export async function createOrtSession(
  source: ModelSource,
  options: InferenceSession.SessionOptions,
): Promise<InferenceSession> {
  if ('location' in source && typeof source.location === 'string') {
    const label = source.location;
    await requireFile(label);
    try {
      return await InferenceSession.create(label, options);
    } catch (cause) {
      throw new ModelLoadError(label, rejected(cause), { cause });
    }
  }
  if ('bytes' in source && source.bytes instanceof Uint8Array) {
    const label = `model bytes (${source.bytes.byteLength} B)`;
    const externalData = await externalDataBytes(source);
    const withData =
      externalData !== undefined && externalData.length > 0 ? { ...options, externalData } : options;
    try {
      return await InferenceSession.create(source.bytes, withData);
    } catch (cause) {
      throw new ModelLoadError(label, rejected(cause), { cause });
    }
  }
  throw new InvalidArgumentError(
    'Backend.loadSession',
    'source',
    '{ location: string } or { bytes: Uint8Array, externalData? }',
    source,
  );
}

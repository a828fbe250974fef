import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Float32Tensor } from '@sow/core';

/** Folder of the shared Python reference recordings (`../shared/reference/` from the repository root). */
export const PYTHON_REFERENCE_DIR = fileURLToPath(
  new URL('../../../../../shared/reference/', import.meta.url),
);

/** One entry of a recording's `index.json`: name, file, shape, dtype and any metadata the recorder added. */
export interface PythonRecord {
  /** Position in recording order. */
  readonly order: number;
  /** Record name, e.g. `c0_step601` or `rng_003`. */
  readonly name: string;
  /** File of the raw little-endian tensor, relative to the recording folder. */
  readonly file: string;
  /** Tensor shape. */
  readonly shape: readonly number[];
  /** `float32` or `int32`. */
  readonly dtype: 'float32' | 'int32';
  /** Metadata such as `t`, `eta`, `level`, `source`, `phase`. */
  readonly [meta: string]: unknown;
}

/** A recording of a Python run (see the README next to its `index.json`), read lazily. */
export interface PythonRecording {
  /** The parsed `index.json`. */
  readonly index: { readonly records: readonly PythonRecord[]; readonly [key: string]: unknown };
  /** The record named `name`; throws when there is none. */
  record(name: string): PythonRecord;
  /** The float32 tensor of record `name` (or of a file not in the index, given its shape). */
  tensor(name: string, shape?: readonly number[]): Float32Tensor;
  /** The raw bytes of a file in the recording folder. */
  bytes(file: string): Uint8Array;
}

/**
 * Opens a recording folder made by the scripts in `../shared/reference/` (raw little-endian float32
 * `.bin` files, C order, indexed by `index.json`).
 * @param dir - Absolute folder path, e.g. `join(PYTHON_REFERENCE_DIR, 'cow-official/recorded')`.
 */
export function readPythonRecording(dir: string): PythonRecording {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as PythonRecording['index'];
  const byName = new Map(index.records.map((r) => [r.name, r]));
  const bytes = (file: string): Uint8Array => new Uint8Array(readFileSync(join(dir, file)));
  const record = (name: string): PythonRecord => {
    const r = byName.get(name);
    if (r === undefined) throw new Error(`recording ${dir} has no record ${name}`);
    return r;
  };
  return {
    index,
    record,
    bytes,
    tensor(name, shape) {
      const r = shape === undefined ? record(name) : undefined;
      const raw = bytes(r?.file ?? `${name}.bin`);
      const data = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4); // raw is a fresh copy
      return { dtype: 'float32', shape: [...(r?.shape ?? shape ?? [])], data };
    },
  };
}

/** Relative RMS error `sqrt(sum((a - ref)^2) / sum(ref^2))` over two equally long arrays. */
export function relativeRms(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (actual.length !== reference.length) {
    throw new Error(`relativeRms: lengths differ (${actual.length} vs ${reference.length})`);
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = (actual[i] ?? 0) - (reference[i] ?? 0);
    num += d * d;
    den += (reference[i] ?? 0) ** 2;
  }
  return Math.sqrt(num / den);
}

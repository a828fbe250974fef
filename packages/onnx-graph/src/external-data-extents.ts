import { DataLocation } from './constants.js';
import { bytesPerElement, elementTypeOf } from './tensor-data.js';
import type { OnnxModel, OnnxTensor } from './types.js';

/** How far into one external weights file a model reads: what the file's size must reach. */
export interface ExternalDataExtent {
  /** The `location` entry, as written in the graph (relative to the graph file). */
  readonly location: string;
  /** One past the last byte any initializer reads from the file (offset + length), in bytes. */
  readonly end: number;
  /** The initializer that reads furthest (named in errors about a truncated file). */
  readonly tensor: string;
}

/** Bytes an external initializer reads: its `length` entry, else its element count times the element size. */
function tensorLength(t: OnnxTensor, entries: ReadonlyMap<string, string>): number {
  const length = entries.get('length');
  if (length !== undefined) return Number(length);
  const type = elementTypeOf(t.dataType ?? 0);
  const count = (t.dims ?? []).reduce((n, d) => n * Number(d), 1);
  return type === undefined ? 0 : count * bytesPerElement(type);
}

/**
 * The external weight files a model reads and how far into each (the largest `offset + length` of its
 * initializers), so a loader can check every file is present and long enough before the runtime reads
 * it: a truncated download then fails naming the file instead of deep inside the runtime. Offsets or
 * lengths that are not non-negative integers give an `end` of `NaN`.
 * @example
 * for (const { location, end } of externalDataExtents(decodeModel(graphBytes))) console.log(location, end);
 */
export function externalDataExtents(model: OnnxModel): ExternalDataExtent[] {
  const byLocation = new Map<string, ExternalDataExtent>();
  for (const t of model.graph?.initializer ?? []) {
    if (t.dataLocation !== DataLocation.External) continue;
    const entries = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
    const location = entries.get('location');
    if (location === undefined) continue;
    const offset = Number(entries.get('offset') ?? 0);
    const length = tensorLength(t, entries);
    const valid = Number.isSafeInteger(offset) && offset >= 0 && Number.isSafeInteger(length) && length >= 0;
    const end = valid ? offset + length : Number.NaN;
    const known = byLocation.get(location);
    if (known === undefined || Number.isNaN(end) || end > known.end) {
      if (known !== undefined && Number.isNaN(known.end)) continue;
      byLocation.set(location, { location, end, tensor: t.name ?? '' });
    }
  }
  return [...byLocation.values()];
}

import { DataLocation } from './constants.js';
import type { OnnxModel, OnnxTensor } from './types.js';

/** Options of {@link externalizeInitializers}. */
export interface ExternalDataOptions {
  /** File name written into every moved initializer, relative to the model file (e.g. `model.onnx_data`). */
  readonly location: string;
  /** Initializers with fewer raw bytes than this stay inline; default 1024 (in bytes). */
  readonly minBytes?: number;
  /** Byte alignment of each tensor's offset in the data file; default 64. */
  readonly alignment?: number;
}

/** A model whose large initializers were moved out, and the bytes of the external data file. */
export interface ExternalDataModel {
  /** The model; moved initializers carry `dataLocation` EXTERNAL and `location`/`offset`/`length` entries. */
  readonly model: OnnxModel;
  /** Contents of the file named by `location`. */
  readonly data: Uint8Array;
}

/**
 * Moves the raw data of large initializers into one external data blob, as `onnx.save(...,
 * save_as_external_data=True)` does: each moved tensor keeps its name, type and dims and gets
 * `external_data` entries `location`, `offset` and `length`. The input model is not modified.
 * Write `data` next to the model file under `location`; ONNX Runtime finds it there (Node) or through the
 * `externalData` session option (web).
 * @example
 * const { model, data } = externalizeInitializers(builder.toModel(), { location: 'model.onnx_data' });
 */
export function externalizeInitializers(model: OnnxModel, options: ExternalDataOptions): ExternalDataModel {
  const minBytes = options.minBytes ?? 1024;
  const alignment = options.alignment ?? 64;
  const pieces: { offset: number; bytes: Uint8Array }[] = [];
  let size = 0;
  const initializer = (model.graph?.initializer ?? []).map((t): OnnxTensor => {
    const raw = t.rawData;
    if (raw === undefined || raw.byteLength < minBytes) return t;
    const offset = Math.ceil(size / alignment) * alignment;
    pieces.push({ offset, bytes: raw });
    size = offset + raw.byteLength;
    const { rawData: _moved, ...rest } = t;
    return {
      ...rest,
      dataLocation: DataLocation.External,
      externalData: [
        { key: 'location', value: options.location },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(raw.byteLength) },
      ],
    };
  });
  const data = new Uint8Array(size);
  for (const p of pieces) data.set(p.bytes, p.offset);
  return { model: { ...model, graph: { ...model.graph, initializer } }, data };
}

/**
 * The distinct external weight files a model's initializers reference (`location` entries, relative to the
 * model file), in first-use order: what a loader must supply beside a graph decoded and re-encoded alone.
 * @example
 * externalDataLocations(decodeModel(unetBytes)); // ['weights.pb']
 */
export function externalDataLocations(model: OnnxModel): string[] {
  const locations = new Set<string>();
  for (const t of model.graph?.initializer ?? []) {
    if (t.dataLocation !== DataLocation.External) continue;
    const location = t.externalData?.find((e) => e.key === 'location')?.value;
    if (location !== undefined) locations.add(location);
  }
  return [...locations];
}

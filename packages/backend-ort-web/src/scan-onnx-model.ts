/** One initializer of a graph: its name and how many bytes its data takes once loaded. */
export interface InitializerSize {
  /** Initializer name. */
  readonly name: string;
  /** Bytes of its data (element count × element size). */
  readonly bytes: number;
}

/** What the backend needs to know about a model before loading it. */
export interface OnnxModelScan {
  /** Locations of the external data files the graph's initializers name, in first-use order. */
  readonly externalData: readonly string[];
  /** The largest initializer, or `undefined` when the graph has none. */
  readonly largestInitializer: InitializerSize | undefined;
}

/** Bytes per element of ONNX `TensorProto.DataType` values (strings and unknown types count 1). */
const ELEMENT_BYTES: Readonly<Record<number, number>> = {
  1: 4, // FLOAT
  4: 2, // UINT16
  5: 2, // INT16
  6: 4, // INT32
  7: 8, // INT64
  10: 2, // FLOAT16
  11: 8, // DOUBLE
  12: 4, // UINT32
  13: 8, // UINT64
  14: 8, // COMPLEX64
  15: 16, // COMPLEX128
  16: 2, // BFLOAT16
};

/** A protobuf field: number, wire type, and either its varint value or its payload's byte range. */
interface Field {
  readonly field: number;
  readonly wire: number;
  readonly value: number;
  readonly start: number;
  readonly end: number;
}

/** Reads a varint at `pos`; returns the value (exact below 2^53) and the position after it. */
function readVarint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  let p = pos;
  for (;;) {
    if (p >= bytes.length) throw new RangeError('truncated varint');
    const b = bytes[p++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, p];
    scale *= 128;
  }
}

/** Iterates over the fields of the message in `bytes[start, end)`, skipping payloads without copying. */
function* fields(bytes: Uint8Array, start: number, end: number): Generator<Field> {
  let p = start;
  while (p < end) {
    const [key, afterKey] = readVarint(bytes, p);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    p = afterKey;
    if (wire === 0) {
      const [value, next] = readVarint(bytes, p);
      yield { field, wire, value, start: p, end: next };
      p = next;
    } else if (wire === 2) {
      const [length, next] = readVarint(bytes, p);
      if (next + length > end) throw new RangeError('field runs past the end of its message');
      yield { field, wire, value: length, start: next, end: next + length };
      p = next + length;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      yield { field, wire, value: 0, start: p, end: p + size };
      p += size;
    } else {
      throw new RangeError(`unsupported wire type ${wire}`);
    }
  }
  if (p !== end) throw new RangeError('message runs past its end');
}

const utf8 = new TextDecoder();

/** Reads the size, name and external data location of one `TensorProto`. */
function scanTensor(bytes: Uint8Array, start: number, end: number): { size: InitializerSize; location?: string } {
  let name = '';
  let count = 1;
  let dataType = 0;
  let rawBytes = 0;
  let location: string | undefined;
  for (const f of fields(bytes, start, end)) {
    if (f.field === 1 && f.wire === 0) count *= f.value;
    else if (f.field === 1 && f.wire === 2) {
      for (let p = f.start; p < f.end; ) {
        const [dim, next] = readVarint(bytes, p);
        count *= dim;
        p = next;
      }
    } else if (f.field === 2 && f.wire === 0) dataType = f.value;
    else if (f.field === 8 && f.wire === 2) name = utf8.decode(bytes.subarray(f.start, f.end));
    else if (f.field === 9 && f.wire === 2) rawBytes = f.end - f.start;
    else if (f.field === 13 && f.wire === 2) {
      let key = '';
      let value = '';
      for (const e of fields(bytes, f.start, f.end)) {
        if (e.field === 1) key = utf8.decode(bytes.subarray(e.start, e.end));
        if (e.field === 2) value = utf8.decode(bytes.subarray(e.start, e.end));
      }
      if (key === 'location') location = value;
    }
  }
  const perElement = ELEMENT_BYTES[dataType];
  const size = perElement === undefined ? Math.max(rawBytes, count) : count * perElement;
  return location === undefined ? { size: { name, bytes: size } } : { size: { name, bytes: size }, location };
}

/**
 * Reads what a model needs before it is loaded, without decoding it: the external data files its
 * initializers name (`weights.pb`, `model.onnx_data`) and its largest initializer, which must fit in one
 * GPU buffer on WebGPU. It walks the protobuf wire format of `ModelProto.graph.initializer` and skips
 * weight payloads, so it costs nothing on models with gigabytes of inline weights.
 * @throws RangeError when the bytes are not a well-formed protobuf message.
 */
export function scanOnnxModel(bytes: Uint8Array): OnnxModelScan {
  const externalData: string[] = [];
  let largest: InitializerSize | undefined;
  for (const model of fields(bytes, 0, bytes.length)) {
    if (model.field !== 7 || model.wire !== 2) continue;
    for (const graph of fields(bytes, model.start, model.end)) {
      if (graph.field !== 5 || graph.wire !== 2) continue;
      const { size, location } = scanTensor(bytes, graph.start, graph.end);
      if (location !== undefined && !externalData.includes(location)) externalData.push(location);
      if (largest === undefined || size.bytes > largest.bytes) largest = size;
    }
  }
  return { externalData, largestInitializer: largest };
}

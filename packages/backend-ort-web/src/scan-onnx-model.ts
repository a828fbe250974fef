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
  /** Bytes of all initializers together (inline and external), as loaded: what the runtime must hold. */
  readonly totalInitializerBytes: number;
  /**
   * True when the top-level graph declares float16 anywhere: an input, output, `value_info` or
   * initializer of element type float16, or a `Cast` to float16.
   */
  readonly usesFloat16: boolean;
}

/** ONNX `TensorProto.DataType` of float16. */
const FLOAT16 = 10;

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
function scanTensor(
  bytes: Uint8Array,
  start: number,
  end: number,
): { size: InitializerSize; dataType: number; location?: string } {
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
  const info = { size: { name, bytes: size }, dataType };
  return location === undefined ? info : { ...info, location };
}

/** True when a `ValueInfoProto` declares a float16 tensor (`type.tensor_type.elem_type`). */
function isFloat16Value(bytes: Uint8Array, start: number, end: number): boolean {
  for (const type of fields(bytes, start, end)) {
    if (type.field !== 2 || type.wire !== 2) continue;
    for (const tensor of fields(bytes, type.start, type.end)) {
      if (tensor.field !== 1 || tensor.wire !== 2) continue;
      for (const f of fields(bytes, tensor.start, tensor.end))
        if (f.field === 1 && f.value === FLOAT16) return true;
    }
  }
  return false;
}

/** True when a `NodeProto` is a `Cast` to float16. */
function isCastToFloat16(bytes: Uint8Array, start: number, end: number): boolean {
  let cast = false;
  let toHalf = false;
  for (const f of fields(bytes, start, end)) {
    if (f.field === 4 && f.wire === 2) cast = utf8.decode(bytes.subarray(f.start, f.end)) === 'Cast';
    if (f.field !== 5 || f.wire !== 2) continue;
    let name = '';
    let value = -1;
    for (const a of fields(bytes, f.start, f.end)) {
      if (a.field === 1 && a.wire === 2) name = utf8.decode(bytes.subarray(a.start, a.end));
      if (a.field === 3 && a.wire === 0) value = a.value;
    }
    if (name === 'to' && value === FLOAT16) toHalf = true;
  }
  return cast && toHalf;
}

/**
 * Reads what a model needs before it is loaded, without decoding it: the external data files its
 * initializers name (`weights.pb`, `model.onnx_data`), the bytes of all its weights (which must fit in the
 * WebAssembly memory), its largest initializer, which must fit in one
 * GPU buffer on WebGPU, and whether it uses float16, which WebGPU computes only with `shader-f16`. It walks the protobuf wire format of `ModelProto.graph.initializer` and skips
 * weight payloads, so it costs nothing on models with gigabytes of inline weights.
 * @throws RangeError when the bytes are not a well-formed protobuf message.
 */
export function scanOnnxModel(bytes: Uint8Array): OnnxModelScan {
  const externalData: string[] = [];
  let largest: InitializerSize | undefined;
  let usesFloat16 = false;
  let total = 0;
  for (const model of fields(bytes, 0, bytes.length)) {
    if (model.field !== 7 || model.wire !== 2) continue;
    for (const graph of fields(bytes, model.start, model.end)) {
      if (graph.wire !== 2) continue;
      if (graph.field === 1) {
        usesFloat16 ||= isCastToFloat16(bytes, graph.start, graph.end);
      } else if (graph.field === 11 || graph.field === 12 || graph.field === 13) {
        usesFloat16 ||= isFloat16Value(bytes, graph.start, graph.end);
      } else if (graph.field === 5) {
        const { size, location, dataType } = scanTensor(bytes, graph.start, graph.end);
        usesFloat16 ||= dataType === FLOAT16;
        if (location !== undefined && !externalData.includes(location)) externalData.push(location);
        if (largest === undefined || size.bytes > largest.bytes) largest = size;
        total += size.bytes;
      }
    }
  }
  return { externalData, largestInitializer: largest, totalInitializerBytes: total, usesFloat16 };
}

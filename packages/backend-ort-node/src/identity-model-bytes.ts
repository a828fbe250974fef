/** Encodes a non-negative integer as a protobuf varint. */
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** A varint field (wire type 0). */
function intField(field: number, value: number): number[] {
  return [...varint(field * 8), ...varint(value)];
}

/** A length-delimited field (wire type 2): bytes, a string or a nested message. */
function bytesField(field: number, payload: readonly number[] | string): number[] {
  const bytes = typeof payload === 'string' ? [...new TextEncoder().encode(payload)] : payload;
  return [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
}

/** `ValueInfoProto` of a float32 tensor of shape `[1]`. */
function floatVectorInfo(name: string): number[] {
  const dim = bytesField(1, intField(1, 1)); // TensorShapeProto.dim { dim_value: 1 }
  const tensorType = [...intField(1, 1), ...bytesField(2, dim)]; // elem_type FLOAT, shape
  return [...bytesField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

/**
 * The bytes of the smallest useful ONNX model, `y = Identity(x)` on float32 `[1]` (IR 8, opset 13), used to
 * check that an execution provider really starts before the backend promises it. Encoded by hand so the
 * probe needs no protobuf library.
 */
export function identityModelBytes(): Uint8Array {
  const node = [...bytesField(1, 'x'), ...bytesField(2, 'y'), ...bytesField(4, 'Identity')];
  const graph = [
    ...bytesField(1, node),
    ...bytesField(2, 'probe'),
    ...bytesField(11, floatVectorInfo('x')),
    ...bytesField(12, floatVectorInfo('y')),
  ];
  const opset = [...bytesField(1, ''), ...intField(2, 13)];
  return new Uint8Array([...intField(1, 8), ...bytesField(7, graph), ...bytesField(8, opset)]);
}

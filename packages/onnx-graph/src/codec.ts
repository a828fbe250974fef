import { InvalidArgumentError } from '@sow/core';
import { onnxModelType } from './onnx-schema.js';
import type { OnnxModel } from './types.js';

const TO_OBJECT = { longs: Number, arrays: true, defaults: false } as const;

/**
 * Decodes the bytes of an `.onnx` file into a plain {@link OnnxModel}. Byte fields (`rawData`) are views
 * into `bytes` where the runtime allows, so keep `bytes` unchanged while the model is in use. Initializers
 * stored as external data keep their `externalData` entries; the weight files are not read.
 * @throws InvalidArgumentError naming `bytes` when they are not a valid ONNX protobuf (truncated, corrupt, or
 * another file), with protobufjs' error as cause.
 * @example
 * const model = decodeModel(new Uint8Array(await readFile('unet/model.onnx')));
 * const softmaxes = model.graph?.node?.filter((n) => n.opType === 'Softmax');
 */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const type = onnxModelType();
  try {
    return type.toObject(type.decode(bytes), TO_OBJECT) as OnnxModel;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidArgumentError('decodeModel', 'bytes', `an ONNX model protobuf (${reason})`, bytes, {
      cause,
    });
  }
}

/**
 * Encodes a plain {@link OnnxModel} into `.onnx` file bytes: the inverse of {@link decodeModel}.
 * @example
 * const bytes = encodeModel(model);
 */
export function encodeModel(model: OnnxModel): Uint8Array {
  const type = onnxModelType();
  const bytes = type.encode(type.fromObject(model)).finish();
  // protobufjs returns a Node Buffer under Node; hand out a plain Uint8Array view everywhere.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

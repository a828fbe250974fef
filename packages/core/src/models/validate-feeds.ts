import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelIOError } from '../errors/model-io-error.js';
import { ShapeMismatchError } from '../errors/shape-mismatch-error.js';
import { sizeOf, type Tensor } from '../tensor/tensor.js';
import type { TensorInfo } from './backend.js';

const FN = 'Session.run';

/** Renders a graph shape such as `[batch, 4, 64, 64]`, with `?` for an unnamed free dimension. */
function describeShape(shape: TensorInfo['shape']): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** Checks that a feed is a well-formed core tensor: known fields, integer dims, data length = product. */
function checkTensor(name: string, value: unknown): asserts value is Tensor {
  const t = value as Partial<Tensor> | null;
  if (typeof t !== 'object' || t === null || !Array.isArray(t.shape) || !ArrayBuffer.isView(t.data)) {
    throw new InvalidArgumentError(FN, `feeds.${name}`, 'a tensor { dtype, shape, data }', value);
  }
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new InvalidArgumentError(FN, `feeds.${name}.shape`, 'non-negative integers', t.shape);
  }
  const length = (t.data as { length: number }).length;
  if (length !== sizeOf(t.shape)) {
    throw new InvalidArgumentError(
      FN,
      `feeds.${name}.data.length`,
      `${sizeOf(t.shape)} (the product of shape [${t.shape.join(', ')}])`,
      length,
    );
  }
}

/**
 * Checks feeds against a session's inputs before the runtime sees them, for backends to call at the top
 * of `Session.run`, so a mistake gives a typed error
 * that names the input instead of a crash inside ONNX Runtime: missing or unknown names give
 * `ModelIOError`, a wrong element type `InvalidArgumentError`, a wrong rank or fixed dimension
 * `ShapeMismatchError`. Symbolic dimensions accept any size.
 * @param role - Names the model in `ModelIOError` messages (its path or role).
 * @param inputs - The session's inputs, as the runtime reports them.
 * @param feeds - What the caller passed to `run`.
 * @example
 * validateFeeds('unet/model.onnx', session.inputs, { sample, timestep, encoder_hidden_states });
 */
export function validateFeeds(
  role: string,
  inputs: readonly TensorInfo[],
  feeds: Readonly<Record<string, Tensor>>,
): void {
  if (typeof feeds !== 'object' || feeds === null) {
    throw new InvalidArgumentError(FN, 'feeds', 'an object of tensors keyed by input name', feeds);
  }
  const names = new Set(inputs.map((i) => i.name));
  const missing = inputs.filter((i) => !Object.hasOwn(feeds, i.name)).map((i) => i.name);
  const unexpected = Object.keys(feeds).filter((k) => !names.has(k));
  if (missing.length > 0 || unexpected.length > 0) {
    throw new ModelIOError(role, missing, unexpected, `the model's inputs are [${[...names].join(', ')}]`);
  }
  for (const info of inputs) {
    const feed: unknown = feeds[info.name];
    checkTensor(info.name, feed);
    if (info.dtype === 'unknown') {
      throw new ModelIOError(
        role,
        [],
        [],
        `input ${info.name} has an element type the library does not handle`,
      );
    }
    if (feed.dtype !== info.dtype) {
      throw new InvalidArgumentError(FN, `feeds.${info.name}.dtype`, `'${info.dtype}'`, feed.dtype);
    }
    const fits =
      feed.shape.length === info.shape.length &&
      info.shape.every((d, i) => typeof d !== 'number' || d === feed.shape[i]);
    if (!fits) {
      throw new ShapeMismatchError(FN, `feeds.${info.name}`, describeShape(info.shape), feed.shape);
    }
  }
}

/**
 * Rejects a run whose graph has outputs of element types the library does not handle (strings, maps,
 * ...), for backends to call beside {@link validateFeeds}, before the runtime works for nothing.
 * @throws ModelIOError naming those outputs as unexpected.
 * @example
 * checkOutputTypes('unet/model.onnx', session.outputs);
 */
export function checkOutputTypes(role: string, outputs: readonly TensorInfo[]): void {
  const unsupported = outputs.filter((o) => o.dtype === 'unknown').map((o) => o.name);
  if (unsupported.length > 0) {
    throw new ModelIOError(
      role,
      [],
      unsupported,
      'these outputs have element types the library does not handle',
    );
  }
}

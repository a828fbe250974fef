import {
  createOnnxTensor,
  DataType,
  decodeModel,
  encodeModel,
  type OnnxNode,
  toOnnxAttribute,
} from '@sow/onnx-graph';

/** Options of {@link poisonOutput}. */
export interface PoisonOutputOptions {
  /** The float32 graph output to poison, e.g. `out_sample` or `sample`. */
  readonly output: string;
  /** The value added to every element: `NaN`, `Infinity` or `-Infinity`. */
  readonly value: number;
  /**
   * Poison only calls whose `timestep` input (a scalar or `[1]`, any numeric type) equals one of these;
   * default: every call.
   */
  readonly timesteps?: readonly number[];
}

/**
 * Returns a copy of an `.onnx` graph whose output `output` gets `value` (NaN or ±Infinity) added to every
 * element, on every call or only at chosen timesteps (`Equal` on the `timestep` input, then `Where`): the
 * test model for the non-finite checks (`NumericalError`). Other outputs and the graph's weights are
 * unchanged, so the poisoned graph still fits its role and still takes attention surgery.
 * @example
 * const unet = poisonOutput(readFileSync('unet/model.onnx'), { output: 'out_sample', value: NaN, timesteps: [601] });
 */
export function poisonOutput(graphBytes: Uint8Array, options: PoisonOutputOptions): Uint8Array {
  const model = decodeModel(graphBytes);
  const graph = model.graph ?? {};
  const clean = `${options.output}_before_poison`;
  for (const node of graph.node ?? []) {
    node.output = (node.output ?? []).map((name) => (name === options.output ? clean : name));
  }
  const initializer = [
    ...(graph.initializer ?? []),
    createOnnxTensor('poison_value', 'float32', [1], [options.value]),
  ];
  const node = (opType: string, input: string[], output: string, attribute: OnnxNode['attribute'] = []) => ({
    opType,
    input,
    output: [output],
    name: `poison_${output}`,
    attribute,
  });
  const nodes: OnnxNode[] = [];
  let poison = 'poison_value';
  if (options.timesteps !== undefined) {
    initializer.push(
      createOnnxTensor('poison_timesteps', 'float32', [options.timesteps.length], options.timesteps),
    );
    nodes.push(
      node('Cast', ['timestep'], 'poison_t', [toOnnxAttribute('to', DataType.Float)]),
      node('Reshape', ['poison_t', 'poison_shape'], 'poison_t1'),
      node('Equal', ['poison_t1', 'poison_timesteps'], 'poison_hits'),
      node('Cast', ['poison_hits'], 'poison_hits_f', [toOnnxAttribute('to', DataType.Float)]),
      node('ReduceMax', ['poison_hits_f'], 'poison_any', [toOnnxAttribute('keepdims', 1)]),
      node('Greater', ['poison_any', 'poison_zero'], 'poison_now'),
      node('Where', ['poison_now', 'poison_value', 'poison_zero'], 'poison_add'),
    );
    initializer.push(
      createOnnxTensor('poison_shape', 'int64', [1], [1n]),
      createOnnxTensor('poison_zero', 'float32', [1], [0]),
    );
    poison = 'poison_add';
  }
  nodes.push(node('Add', [clean, poison], options.output));
  model.graph = { ...graph, initializer, node: [...(graph.node ?? []), ...nodes] };
  return encodeModel(model);
}

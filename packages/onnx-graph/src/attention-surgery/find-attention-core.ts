import { UnsupportedModelError } from '@sow/core';
import type { OnnxNode } from '../types.js';
import type { SelfAttentionLayer } from './find-self-attention.js';
import type { GraphIndex } from './graph-index.js';

/**
 * The nodes of one self-attention from Q·Kᵀ to the probabilities × V product, which the surgery replaces
 * by an `If` (the original nodes in one branch, the modulated computation in the other).
 */
export interface AttentionCore {
  /** The Q·Kᵀ `MatMul`: input 0 is Q `[…, S, d]`, input 1 is Kᵀ `[…, d, S]`. */
  readonly qk: OnnxNode;
  /**
   * Constant scalings of Q and of Kᵀ right before the `MatMul` (SDPA exports scale both by √scale), in
   * order, and the values they start from. They move with the core, so that ONNX Runtime folds them into
   * the `MatMul` inside the subgraph as it does in the unpatched graph.
   */
  readonly operands: readonly [OperandPath, OperandPath];
  /** Nodes between the `MatMul` and the `Softmax` (scale, mask, casts), in order; each reads the scores once. */
  readonly chain: readonly OnnxNode[];
  /** Which input of each chain node carries the scores. */
  readonly chainSlots: readonly number[];
  /** The self-attention `Softmax`. */
  readonly softmax: OnnxNode;
  /** `Cast` nodes between the `Softmax` and the probabilities × V `MatMul`. */
  readonly tail: readonly OnnxNode[];
  /** The probabilities × V `MatMul` (V is input 1), when the probabilities feed only it. */
  readonly pv?: OnnxNode;
  /** The value the core hands to the rest of the graph: the `pv` output, else the `Softmax` output. */
  readonly output: string;
  /** Every node of the core, in graph order. */
  readonly nodes: readonly OnnxNode[];
}

/** A `MatMul` operand: the value it starts from and the constant `Mul`/`Div` nodes applied to it. */
export interface OperandPath {
  /** The value before the scalings. */
  readonly source: string;
  /** The scalings, in order (each reads the previous value at input 0 or, for `Mul`, 1). */
  readonly nodes: readonly OnnxNode[];
}

const CHAIN = new Set(['Mul', 'Div', 'Add', 'Sub', 'Cast']);

/** Walks up from a MatMul operand over single-use `Mul`/`Div` nodes by a constant. */
function operandPath(index: GraphIndex, value: string, outputs: ReadonlySet<string>): OperandPath {
  const nodes: OnnxNode[] = [];
  let source = value;
  for (;;) {
    const node = index.producer.get(source);
    const [a = '', b = ''] = node?.input ?? [];
    const scaling = node?.opType === 'Mul' || node?.opType === 'Div';
    if (node === undefined || !scaling || onlyConsumer(index, source, outputs) === undefined) break;
    const data = index.isConstant(b) ? a : node.opType === 'Mul' && index.isConstant(a) ? b : undefined;
    if (data === undefined || data === '' || index.isConstant(data)) break;
    nodes.unshift(node);
    source = data;
  }
  return { source, nodes };
}

function onlyConsumer(index: GraphIndex, value: string, outputs: ReadonlySet<string>): OnnxNode | undefined {
  const consumers = index.consumers.get(value) ?? [];
  return consumers.length === 1 && !outputs.has(value) ? consumers[0] : undefined;
}

/** Walks up from the Softmax input to the Q·Kᵀ MatMul: the chain nodes and their score slots. */
function chainTo(
  index: GraphIndex,
  value: string,
  depth = 0,
): { qk: OnnxNode; chain: OnnxNode[]; slots: number[] } | undefined {
  const node = index.producer.get(value);
  if (node === undefined || depth > 4) return undefined;
  if (node.opType === 'MatMul') return { qk: node, chain: [], slots: [] };
  if (!CHAIN.has(node.opType ?? '')) return undefined;
  const inputs = node.input ?? [];
  for (let slot = 0; slot < inputs.length; slot += 1) {
    const input = inputs[slot] ?? '';
    if (input === '' || index.isConstant(input)) continue;
    const found = chainTo(index, input, depth + 1);
    if (found !== undefined)
      return { ...found, chain: [...found.chain, node], slots: [...found.slots, slot] };
  }
  return undefined;
}

/**
 * Finds the core of a self-attention layer located by `findSelfAttention`: the Q·Kᵀ `MatMul`, the nodes up
 * to the `Softmax`, and the probabilities × V `MatMul` when the probabilities feed only it (through `Cast`s).
 * Every value inside the core must be read only inside it, so that the core can move into a subgraph.
 * @throws UnsupportedModelError naming the layer when the core's intermediate values are read elsewhere.
 */
export function findAttentionCore(
  index: GraphIndex,
  layer: SelfAttentionLayer,
  graphOutputs: ReadonlySet<string>,
  order: ReadonlyMap<OnnxNode, number>,
): AttentionCore {
  const fail = (why: string) =>
    new UnsupportedModelError('patchSelfAttention', `self-attention layer '${layer.name}': ${why}`);
  const softmaxNode = (index.consumers.get(layer.scores) ?? []).find((n) => n.opType === 'Softmax');
  const path = chainTo(index, layer.scores);
  if (softmaxNode === undefined || path === undefined) throw fail('no Q·Kᵀ MatMul → Softmax path found.');
  for (const node of [path.qk, ...path.chain]) {
    const out = node.output?.[0] ?? '';
    const next = onlyConsumer(index, out, graphOutputs);
    if (next === undefined) {
      throw fail(`the scores '${out}' are read outside the attention; the modulation cannot move them.`);
    }
  }
  const tail: OnnxNode[] = [];
  let probabilities = softmaxNode.output?.[0] ?? '';
  let next = onlyConsumer(index, probabilities, graphOutputs);
  while (next?.opType === 'Cast') {
    tail.push(next);
    probabilities = next.output?.[0] ?? '';
    next = onlyConsumer(index, probabilities, graphOutputs);
  }
  const pv = next?.opType === 'MatMul' && next.input?.[0] === probabilities ? next : undefined;
  const kept = pv === undefined ? [] : tail;
  const [q = '', k = ''] = path.qk.input ?? [];
  const operands = [operandPath(index, q, graphOutputs), operandPath(index, k, graphOutputs)] as const;
  const nodes = [
    ...operands.flatMap((o) => o.nodes),
    path.qk,
    ...path.chain,
    softmaxNode,
    ...kept,
    ...(pv === undefined ? [] : [pv]),
  ];
  nodes.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return {
    qk: path.qk,
    operands,
    chain: path.chain,
    chainSlots: path.slots,
    softmax: softmaxNode,
    tail: kept,
    ...(pv === undefined ? {} : { pv }),
    output: pv?.output?.[0] ?? softmaxNode.output?.[0] ?? '',
    nodes,
  };
}

import { UnsupportedModelError } from '@sow/core';
import { getAttribute } from '../attributes.js';
import { DataType } from '../constants.js';
import type { OnnxModel, OnnxNode } from '../types.js';
import { GraphIndex } from './graph-index.js';

/**
 * How a self-attention's scores are laid out: `'batch-major-3d'` `[B·heads, S, S]` (PyTorch-1
 * `AttnProcessor`, scale `Mul` before the Softmax), `'sdpa-4d'` `[B, heads, S, S]` (SDPA exported as
 * primitives), `'unknown'` when the rank could not be read from the graph (the patch does not need it).
 */
export type SelfAttentionStyle = 'batch-major-3d' | 'sdpa-4d' | 'unknown';

/** One self-attention layer found in a UNet graph, with what the graph tells about it. */
export interface SelfAttentionLayer {
  /** Layer scope, the Softmax node name without its last segment, e.g. `/down_blocks.0/attentions.0/transformer_blocks.0/attn1`. */
  readonly name: string;
  /** Name of the `Softmax` node. */
  readonly softmax: string;
  /** The Softmax input (the pre-softmax scores) the modulation is inserted on. */
  readonly scores: string;
  /** Score layout, from the rank of the Q·Kᵀ operands. */
  readonly style: SelfAttentionStyle;
  /** Head count from the constant head split (`Reshape` to `[B, S, heads, d]`), when the graph fixes it. */
  readonly heads?: number;
  /** Element type of the scores; float16 scores are modulated in float32 between two Casts. */
  readonly floatType: 'float32' | 'float16';
}

const PASS_TO_QK = new Set(['Mul', 'Div', 'Add', 'Sub', 'Cast']);
const SHAPE_ONLY = new Set(['Shape', 'Constant', 'ConstantOfShape', 'Size']);
const FUSED = new Set(['Attention', 'MultiHeadAttention', 'PackedAttention', 'PackedMultiHeadAttention']);

/** The Q·Kᵀ MatMul feeding a Softmax through scale, mask and cast nodes, if any. */
function qkMatMul(index: GraphIndex, value: string): OnnxNode | undefined {
  let frontier = [value];
  for (let depth = 0; depth < 4; depth += 1) {
    const next: string[] = [];
    for (const v of frontier) {
      const node = index.producer.get(v);
      if (node?.opType === 'MatMul') return node;
      if (node !== undefined && PASS_TO_QK.has(node.opType ?? '')) {
        next.push(...(node.input ?? []).filter((i) => i !== '' && !index.isConstant(i)));
      }
    }
    frontier = next;
  }
  return undefined;
}

/** Walks up from a Q or K operand to the projection MatMuls (constant weight) and returns their inputs. */
function projectionSources(index: GraphIndex, start: string): { sources: Set<string>; heads?: number } {
  const sources = new Set<string>();
  let heads: number | undefined;
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0 && seen.size < 96) {
    const v = queue.shift()!;
    if (seen.has(v)) continue;
    seen.add(v);
    const node = index.producer.get(v);
    if (node === undefined || SHAPE_ONLY.has(node.opType ?? '')) continue;
    const inputs = (node.input ?? []).filter((i) => i !== '');
    if ((node.opType === 'MatMul' || node.opType === 'Gemm') && index.isConstant(inputs[1] ?? '')) {
      sources.add(inputs[0]!);
      continue;
    }
    if (node.opType === 'Reshape' && heads === undefined) {
      const shape = index.intVector(inputs[1] ?? '');
      const h = shape?.[2];
      if (shape?.length === 4 && h !== undefined && Number.isInteger(h) && h > 0) heads = h;
    }
    queue.push(...inputs.filter((i) => !index.isConstant(i)));
  }
  return heads === undefined ? { sources } : { sources, heads };
}

/** Rank of a Q·Kᵀ operand, read from the nearest Transpose permutation or constant Reshape shape. */
function operandRank(index: GraphIndex, value: string): number | undefined {
  let v = value;
  for (let depth = 0; depth < 6; depth += 1) {
    const node = index.producer.get(v);
    if (node === undefined) return undefined;
    if (node.opType === 'Transpose') return (getAttribute(node, 'perm') as number[] | undefined)?.length;
    if (node.opType === 'Reshape') return index.intVector(node.input?.[1] ?? '')?.length;
    const next = (node.input ?? []).find((i) => i !== '' && !index.isConstant(i));
    if (next === undefined || !PASS_TO_QK.has(node.opType ?? '')) return undefined;
    v = next;
  }
  return undefined;
}

/** Element type of a float value, traced up through shape-preserving nodes to a Cast, weight or input. */
function floatTypeOf(
  index: GraphIndex,
  model: OnnxModel,
  value: string,
  memo: Map<string, number | undefined>,
  depth = 0,
): number | undefined {
  if (memo.has(value)) return memo.get(value);
  memo.set(value, undefined);
  const found = floatTypeUncached(index, model, value, memo, depth);
  memo.set(value, found);
  return found;
}

function floatTypeUncached(
  index: GraphIndex,
  model: OnnxModel,
  value: string,
  memo: Map<string, number | undefined>,
  depth: number,
): number | undefined {
  const init = index.initializers.get(value);
  if (init !== undefined) return init.dataType;
  const declared = [...(model.graph?.input ?? []), ...(model.graph?.valueInfo ?? [])].find(
    (v) => v.name === value,
  );
  if (declared?.type?.tensorType?.elemType !== undefined) return declared.type.tensorType.elemType;
  const node = index.producer.get(value);
  if (node === undefined || depth > 24) return undefined;
  if (node.opType === 'Cast') return getAttribute(node, 'to') as number;
  if (node.opType === 'Constant')
    return (getAttribute(node, 'value') as { dataType?: number } | undefined)?.dataType;
  const inputs =
    node.opType === 'Reshape' || node.opType === 'Slice' ? [node.input?.[0] ?? ''] : (node.input ?? []);
  for (const i of inputs) {
    if (i === '' || SHAPE_ONLY.has(index.producer.get(i)?.opType ?? '')) continue;
    const t = floatTypeOf(index, model, i, memo, depth + 1);
    if (t === DataType.Float || t === DataType.Float16) return t;
  }
  return undefined;
}

function layerScope(node: OnnxNode, position: number): string {
  const name = node.name ?? '';
  return name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : name || `#${position}`;
}

function isFusedSelf(index: GraphIndex, node: OnnxNode): boolean {
  if (node.opType === 'Attention' || node.opType === 'PackedAttention') return true;
  const [query = '', key = ''] = node.input ?? [];
  if (key === '' || (node.name ?? '').includes('/attn1/')) return true;
  const q = projectionSources(index, query).sources;
  return [...projectionSources(index, key).sources].some((s) => q.has(s));
}

/**
 * Finds every self-attention Softmax of a UNet graph, in both export styles. A Softmax counts when its
 * input comes (through scale, mask or cast nodes) from a Q·Kᵀ MatMul whose Q and K are projections of the
 * same tensor (the graph's structure; cross-attention projects K from the text); when that trace fails
 * the node name decides (`/attn1/`). Heads and style are read from constant shapes where present; the
 * token count S is taken at run time from the scores' shape, so dynamic-shape exports work.
 * @throws UnsupportedModelError when self-attention is fused into a `com.microsoft` attention op
 * (naming the layer and what to re-export), or when no self-attention is recognised (listing what was found).
 * @see ../shared/spec/onnx-models.md sections 3.2 and 3.3
 * @example
 * const layers = findSelfAttention(decodeModel(bytes)); // 16 layers for SD 2.1
 */
export function findSelfAttention(model: OnnxModel): SelfAttentionLayer[] {
  const graph = model.graph ?? {};
  const index = new GraphIndex(graph);
  const nodes = graph.node ?? [];
  const fused = nodes.filter((n) => n.domain === 'com.microsoft' && FUSED.has(n.opType ?? ''));
  const fusedSelf = fused.find((n) => isFusedSelf(index, n));
  if (fusedSelf !== undefined) {
    throw new UnsupportedModelError(
      'findSelfAttention',
      `self-attention layer '${fusedSelf.name ?? '?'}' is fused into com.microsoft::${fusedSelf.opType}. ` +
        'Its modulation moves each score toward its row max or min (a change that depends on the scores), which the ' +
        "op's additive attention_bias cannot express. Re-export the UNet without ORT's attention fusion (the raw " +
        'diffusers/Optimum export, or optimize_pipeline/optimizer.py with --disable_attention) so self-attention keeps ' +
        'an explicit Softmax.',
    );
  }
  const memo = new Map<string, number | undefined>();
  const layers: SelfAttentionLayer[] = [];
  const seen: string[] = [];
  nodes.forEach((node, position) => {
    if (node.opType !== 'Softmax' || (node.domain ?? '') !== '') return;
    seen.push(node.name ?? `#${position}`);
    const scores = node.input?.[0] ?? '';
    const qk = qkMatMul(index, scores);
    if (qk === undefined) return;
    const q = projectionSources(index, qk.input?.[0] ?? '');
    const k = projectionSources(index, qk.input?.[1] ?? '');
    const structural =
      q.sources.size > 0 && k.sources.size > 0 ? [...k.sources].some((s) => q.sources.has(s)) : undefined;
    if (!(structural ?? (node.name ?? '').includes('/attn1/'))) return;
    const rank = operandRank(index, qk.input?.[1] ?? '') ?? operandRank(index, qk.input?.[0] ?? '');
    const style: SelfAttentionStyle = rank === 3 ? 'batch-major-3d' : rank === 4 ? 'sdpa-4d' : 'unknown';
    const axis = getAttribute(node, 'axis') ?? -1;
    if (axis !== -1 && !(rank !== undefined && axis === rank - 1)) return;
    const type = floatTypeOf(index, model, scores, memo);
    const layer = {
      name: layerScope(node, position),
      softmax: node.name ?? `#${position}`,
      scores,
      style,
      floatType: type === DataType.Float16 ? ('float16' as const) : ('float32' as const),
    };
    layers.push(q.heads === undefined ? layer : { ...layer, heads: q.heads });
  });
  if (layers.length === 0) {
    throw new UnsupportedModelError(
      'findSelfAttention',
      `no recognisable self-attention (a Softmax over Q·Kᵀ scores whose Q and K project the ` +
        `same tensor); found ${seen.length} Softmax node(s) [${seen.slice(0, 20).join(', ')}${seen.length > 20 ? ', ...' : ''}]` +
        ` and ${fused.length} fused attention node(s) [${fused.map((n) => `${n.opType} ${n.name ?? ''}`).join(', ')}].`,
    );
  }
  return layers;
}

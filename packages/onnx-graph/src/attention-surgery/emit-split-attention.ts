import { INDICATOR_MIN_SUM } from '@sow/core';
import { DataType } from '../constants.js';
import type { AttentionCore, OperandPath } from './find-attention-core.js';
import type { SelfAttentionLayer } from './find-self-attention.js';
import type { GraphIndex } from './graph-index.js';
import type { NodeEmitter } from './node-emitter.js';

/** Values computed once per graph from the new inputs, shared by every layer. */
export interface SharedModulationValues {
  /** Batch size as int64 `[1]` (the strength vector's length). */
  readonly batch: string;
  /** The `counts` input, int64 `[L]`. */
  readonly counts: string;
  /** The `vectors` input, float32 `[5, T]`. */
  readonly vectors: string;
  /** strength_b · supScale, `[B, 1, 1, 1]`. */
  readonly supStrength: string;
  /** strength_b · enhScale, `[B, 1, 1, 1]`. */
  readonly enhStrength: string;
  /** Threshold tau (scalar). */
  readonly tau: string;
  /** 1 − tau (scalar). */
  readonly oneMinusTau: string;
  /** Soft-gate flag (scalar, 1 soft, 0 binary). */
  readonly gateSoft: string;
  /** 1 − gateSoft (scalar). */
  readonly gateBinary: string;
  /** Row-normalisation epsilon (scalar). */
  readonly epsilon: string;
}

/** One layer's level vectors and key split, emitted outside the layer's `If` (all of size S). */
export interface LayerLevelValues {
  /** Token count S, int64 `[1]`. */
  readonly s: string;
  /** Condition row `[1, S]` (0/1). */
  readonly condRow: string;
  /** Condition column `[S, 1]`. */
  readonly condCol: string;
  /** 1 − condition, `[S, 1]`. */
  readonly notCondCol: string;
  /** Suppression row weights, `[S, 1]`. */
  readonly supCol: string;
  /** Enhancement row weights, `[S, 1]`. */
  readonly enhCol: string;
  /** Indicator box tokens, `[S, 1]`. */
  readonly boxCol: string;
  /** Indicator tokens nearest the condition centre, `[S, 1]`. */
  readonly nearCol: string;
  /** Condition token count `[1, 1]`. */
  readonly condCount: string;
  /** Condition key indices, then the other key indices, int64 `[S]`. */
  readonly permutation: string;
  /** Number of condition keys, int64 `[1]`. */
  readonly condKeys: string;
  /** Bool `[1]`: the level has condition and non-condition tokens (else the modulation is the identity). */
  readonly split: string;
}

/**
 * Emits a layer's level vectors: the segment of the `vectors` input whose level has S tokens (S read from
 * Q's shape at run time), and the key order that puts the condition tokens first.
 */
export function emitLayerLevel(
  e: NodeEmitter,
  core: AttentionCore,
  shared: SharedModulationValues,
): LayerLevelValues {
  const s = e.dims(core.operands[0].source, -2, -1);
  const zero = e.int([0], []);
  const larger = e.op('Where', [e.op('Greater', [shared.counts, s]), shared.counts, zero]);
  const offset = e.reduce('ReduceSum', larger, [0]);
  const found = e.reduce(
    'ReduceSum',
    e.op('Cast', [e.op('Equal', [shared.counts, s])], { to: DataType.Int64 }),
    [0],
  );
  const segment = e.op('Slice', [shared.vectors, offset, e.op('Add', [offset, s]), e.int([1])]);
  // Fails loudly (Reshape size mismatch) when no level has S tokens instead of reading a wrong segment.
  const v = e.op('Reshape', [segment, e.op('Concat', [e.int([5]), e.op('Mul', [s, found])], { axis: 0 })]);
  const row = (k: number) => e.op('Slice', [v, e.int([k]), e.int([k + 1]), e.int([0])]);
  const col = (k: number) => e.op('Transpose', [row(k)], { perm: [1, 0] });
  const condRow = row(0);
  const condCol = e.op('Transpose', [condRow], { perm: [1, 0] });
  const isCond = e.op('Greater', [e.op('Reshape', [condRow, e.int([-1])]), e.float([0.5])]);
  const indices = (mask: string) => e.op('Reshape', [e.op('NonZero', [mask]), e.int([-1])]);
  const condIndices = indices(isCond);
  const condKeys = e.op('Shape', [condIndices]);
  const otherKeys = e.op('Sub', [s, condKeys]);
  const split = e.op('And', [
    e.op('Greater', [condKeys, e.int([0])]),
    e.op('Greater', [otherKeys, e.int([0])]),
  ]);
  return {
    s,
    condRow,
    condCol,
    notCondCol: e.op('Sub', [e.float([1]), condCol]),
    supCol: col(1),
    enhCol: col(2),
    boxCol: col(3),
    nearCol: col(4),
    condCount: e.reduce('ReduceSum', condRow, [0, 1]),
    permutation: e.op('Concat', [condIndices, indices(e.op('Not', [isCond]))], { axis: 0 }),
    condKeys,
    split,
  };
}

/** What the modulated core leaves for the diagnostics. */
export interface SplitAttentionValues {
  /** The core's result: probabilities × V, or the probabilities in the graph's key order. */
  readonly output: string;
  /** Attention mass each query puts on the condition keys, `[B, H, S, 1]`. */
  readonly conditionMass: string;
  /** Attention mass each query puts on the other keys, `[B, H, S, 1]`. */
  readonly otherMass: string;
  /** Float32 unmodulated scores on the condition keys, `[B, H, S, Nc]`. */
  readonly conditionScores: string;
  /** Float32 scores on the other keys, `[B, H, S, S − Nc]`, unmodulated once divided by `otherScale`. */
  readonly otherScores: string;
  /** The row scale `[B, 1, S, 1]` already applied to `otherScores`, if any. */
  readonly otherScale?: string;
  /** Indicator I, `[B, 1, 1, 1]`. */
  readonly indicator: string;
  /** Gate gamma, `[B, 1, 1, 1]`. */
  readonly gate: string;
}

/** A chain operand other than the scores that is one number, usable on both key blocks as is. */
function isScalarConstant(index: GraphIndex, name: string): boolean {
  const tensor = index.constantTensor(name);
  return tensor !== undefined && (tensor.dims ?? []).every((d) => Number(d) === 1);
}

/**
 * Emits one layer's modulated self-attention with the keys split into condition and other keys (K and V
 * gathered in that order, two Q·Kᵀ products), so that the modulation, S' = (1 − α)·S + α·m on condition
 * keys and S' = (1 − β)·S + β·n on the others (α, β per query row), is a row scale per block instead of a
 * per-element blend. The other block's scale 1 − β goes into Q (float32 layers whose scores pass only
 * Mul/Div), and β·n is subtracted from the condition block instead of added to the other (a row constant,
 * which the Softmax ignores), so only the condition block is rewritten. Row max, min and condition sums
 * are read from the two blocks, and each block gets its own Softmax, weighted by its share of the row's
 * exponential sum on the (small) probabilities × V, so no full-size tensor is joined or copied. The caller
 * guarantees both blocks are non-empty. float16 layers are computed in float32.
 */
export function emitSplitAttention(
  e: NodeEmitter,
  index: GraphIndex,
  core: AttentionCore,
  layer: SelfAttentionLayer,
  shared: SharedModulationValues,
  level: LayerLevelValues,
): SplitAttentionValues {
  const operand = (path: OperandPath) =>
    path.nodes.reduce((x, node) => {
      const [a = '', b = ''] = node.input ?? [];
      return e.copy(node, index.isConstant(b) ? [x, b] : [a, x]);
    }, path.source);
  const [q, kT] = [operand(core.operands[0]), operand(core.operands[1])];
  const half = layer.floatType === 'float16';
  const rows4 = (x: string) =>
    e.op('Reshape', [x, e.op('Concat', [shared.batch, e.int([-1]), e.dims(x, -2)], { axis: 0 })], {
      allowzero: 1,
    });
  const condIdx = e.op('Slice', [level.permutation, e.int([0]), level.condKeys, e.int([0])]);
  const otherIdx = e.op('Slice', [level.permutation, level.condKeys, level.s, e.int([0])]);
  const beta = e.op('Mul', [shared.supStrength, level.supCol]);
  const preScale =
    !half &&
    core.chain.every((n, k) => n.opType === 'Mul' || (n.opType === 'Div' && core.chainSlots[k] === 0));
  // 1 − β, kept above 2⁻²⁴ when it scales Q so that the block's row max and min can be divided back.
  const oneMinusBeta = e.op('Sub', [e.float([1]), beta]);
  const keepOther = preScale ? e.op('Max', [oneMinusBeta, e.float([2 ** -24])]) : oneMinusBeta;

  // Q's shape up to its token axis: the leading dimensions of the scores and of the output.
  const leading = e.dims(q, 0, -1);
  const fullShape = e.op('Concat', [leading, level.s], { axis: 0 });
  const replay = (scores: string, keys: string): string => {
    let x = scores;
    core.chain.forEach((node, k) => {
      const inputs = (node.input ?? []).map((input, slot) => {
        if (slot === core.chainSlots[k]) return x;
        if (input === '' || isScalarConstant(index, input)) return input;
        return e.op('Gather', [e.op('Expand', [input, fullShape]), keys], { axis: -1 });
      });
      x = e.copy(node, inputs);
    });
    return half ? e.op('Cast', [x], { to: DataType.Float }) : x;
  };
  const scaledQ = preScale ? e.op('Reshape', [e.op('Mul', [rows4(q), keepOther]), e.op('Shape', [q])]) : q;
  const xc = rows4(replay(e.op('MatMul', [q, e.op('Gather', [kT, condIdx], { axis: -1 })]), condIdx));
  const xnRaw = rows4(
    replay(e.op('MatMul', [scaledQ, e.op('Gather', [kT, otherIdx], { axis: -1 })]), otherIdx),
  );
  const unscale = (stat: string) => (preScale ? e.op('Div', [stat, keepOther]) : stat);

  // Row statistics of the unmodulated scores, from both blocks.
  const otherMax = e.reduce('ReduceMax', xnRaw, [-1]);
  const m = e.op('Max', [e.reduce('ReduceMax', xc, [-1]), unscale(otherMax)]);
  const n = e.op('Min', [e.reduce('ReduceMin', xc, [-1]), unscale(e.reduce('ReduceMin', xnRaw, [-1]))]);
  // Indicator: a_i = mean_h Σ_j c_j (S_ij − n_i) / (m_i − n_i + ε); I = Σ_near a / max(Σ_box a, tiny).
  const toCond = e.reduce('ReduceSum', xc, [-1]);
  const numerator = e.op('Sub', [toCond, e.op('Mul', [n, level.condCount])]);
  const a = e.op('Div', [numerator, e.op('Add', [e.op('Sub', [m, n]), shared.epsilon])]);
  const aMean = e.reduce('ReduceMean', a, [1]);
  const boxSum = e.reduce('ReduceSum', e.op('Mul', [aMean, level.boxCol]), [1, 2, 3]);
  const nearSum = e.reduce('ReduceSum', e.op('Mul', [aMean, level.nearCol]), [1, 2, 3]);
  const indicator = e.op('Div', [nearSum, e.op('Max', [boxSum, e.float([INDICATOR_MIN_SUM])])]);
  const ramp = e.op('Div', [e.op('Sub', [indicator, shared.tau]), shared.oneMinusTau]);
  const soft = e.op('Clip', [ramp, e.float([0]), e.float([1])]);
  const binary = e.op('Cast', [e.op('Greater', [indicator, shared.tau])], { to: DataType.Float });
  const gate = e.op('Add', [e.op('Mul', [soft, shared.gateSoft]), e.op('Mul', [binary, shared.gateBinary])]);

  // Condition keys: (1 − α)·S + α·m − β·n (the −β·n is the other block's +β·n moved by a row constant).
  const alpha = e.op('Mul', [e.op('Mul', [shared.enhStrength, gate]), level.enhCol]);
  const pull = e.op('Sub', [e.op('Mul', [alpha, m]), e.op('Mul', [beta, n])]);
  const condBlock = e.op('Add', [e.op('Mul', [xc, e.op('Sub', [e.float([1]), alpha])]), pull]);
  const otherBlock = preScale ? xnRaw : e.op('Mul', [xnRaw, keepOther]);

  // The Softmax over both blocks without joining them: a Softmax per block, rescaled by each block's share
  // of the row's exponential sum, Z_block·exp(M_block − M) (Z_block = 1 / the block's largest probability).
  const condMax = e.reduce('ReduceMax', condBlock, [-1]);
  const otherBlockMax = preScale ? otherMax : e.reduce('ReduceMax', otherBlock, [-1]);
  const rowMax = e.op('Max', [condMax, otherBlockMax]);
  const condP = e.op('Softmax', [condBlock], { axis: -1 });
  const otherP = e.op('Softmax', [otherBlock], { axis: -1 });
  const share = (p: string, blockMax: string) =>
    e.op('Div', [e.op('Exp', [e.op('Sub', [blockMax, rowMax])]), e.reduce('ReduceMax', p, [-1])]);
  const condShare = share(condP, condMax);
  const otherShare = share(otherP, otherBlockMax);
  const total = e.op('Add', [condShare, otherShare]);
  const condWeight = e.op('Div', [condShare, total]);
  const otherWeight = e.op('Div', [otherShare, total]);
  const outType = coreOutputType(core, layer);
  const toOutType = (x: string) => (outType === DataType.Float ? x : e.op('Cast', [x], { to: outType }));
  let output: string;
  if (core.pv !== undefined) {
    const v = core.pv.input?.[1] ?? '';
    const rowsOfV = (keys: string) => {
      const gathered = e.op('Gather', [v, keys], { axis: -2 });
      return rows4(outType === DataType.Float ? gathered : e.op('Cast', [gathered], { to: DataType.Float }));
    };
    const weighted = e.op('Add', [
      e.op('Mul', [e.op('MatMul', [condP, rowsOfV(condIdx)]), condWeight]),
      e.op('Mul', [e.op('MatMul', [otherP, rowsOfV(otherIdx)]), otherWeight]),
    ]);
    const outShape = e.op('Concat', [leading, e.dims(v, -1)], { axis: 0 });
    output = toOutType(e.op('Reshape', [weighted, outShape]));
  } else {
    const joined = e.op('Concat', [e.op('Mul', [condP, condWeight]), e.op('Mul', [otherP, otherWeight])], {
      axis: -1,
    });
    const probabilities = e.op('Reshape', [joined, fullShape]);
    output = toOutType(e.op('Gather', [probabilities, inversePermutation(e, level)], { axis: -1 }));
  }
  return {
    output,
    conditionMass: condWeight,
    otherMass: otherWeight,
    conditionScores: xc,
    otherScores: xnRaw,
    ...(preScale ? { otherScale: keepOther } : {}),
    indicator,
    gate,
  };
}

/** Element type of a core's output: that of the last `Cast` after the Softmax, else the scores'. */
export function coreOutputType(core: AttentionCore, layer: SelfAttentionLayer): number {
  const lastCast = core.tail.at(-1);
  if (lastCast === undefined) return layer.floatType === 'float16' ? DataType.Float16 : DataType.Float;
  return Number(lastCast.attribute?.find((a) => a.name === 'to')?.i ?? DataType.Float);
}

/** Position of each graph key in the split order (the inverse of the key permutation). */
export function inversePermutation(e: NodeEmitter, level: LayerLevelValues): string {
  const positions = e.op('Range', [e.int([0], []), e.op('Squeeze', [level.s, e.int([0])]), e.int([1], [])]);
  const zeros = e.op('Expand', [e.int([0], []), level.s]);
  return e.op('ScatterElements', [zeros, level.permutation, positions], { axis: 0 });
}

/**
 * Emits the diagnostic outputs of one layer: `mass` `[B, 4]` = (attention mass from condition queries to
 * outside keys, from related queries to condition keys, indicator I, gate gamma), masses averaged over
 * heads and over the query tokens, and `scores` = the unmodulated float32 scores `[B, H, S, S]` in the
 * graph's key order.
 */
export function emitLayerDiagnostics(
  e: NodeEmitter,
  level: LayerLevelValues,
  values: SplitAttentionValues,
  outputs: { readonly mass: string; readonly scores: string },
): void {
  const tiny = e.float([INDICATOR_MIN_SUM]);
  const toCond = values.conditionMass;
  const toOther = values.otherMass;
  const meanOver = (perQuery: string, queries: string, count: string) => {
    const total = e.reduce(
      'ReduceSum',
      e.op('Mul', [e.reduce('ReduceMean', perQuery, [1]), queries]),
      [1, 2, 3],
    );
    return e.op('Div', [total, e.op('Max', [count, tiny])]);
  };
  const related = e.op('Mul', [level.boxCol, level.notCondCol]);
  const relatedCount = e.reduce('ReduceSum', related, [0, 1]);
  const supMass = meanOver(toOther, level.condCol, level.condCount);
  const enhMass = meanOver(toCond, related, relatedCount);
  const all = e.op('Concat', [supMass, enhMass, values.indicator, values.gate], { axis: -1 });
  e.named('Reshape', [all, e.int([-1, 4])], outputs.mass);
  const { otherScale, otherScores } = values;
  const other = otherScale === undefined ? otherScores : e.op('Div', [otherScores, otherScale]);
  const scores = e.op('Concat', [values.conditionScores, other], { axis: -1 });
  e.named('Gather', [scores, inversePermutation(e, level)], outputs.scores, { axis: -1 });
}

import { INDICATOR_MIN_SUM } from '@sow/core';
import { AttributeType, DataType } from '../constants.js';
import type { OnnxGraph, OnnxNode } from '../types.js';
import type { SelfAttentionLayer } from './find-self-attention.js';
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

/**
 * Puts a layer's row statistics (max, min, indicator, gate: three full reads of the scores) in an `If` on
 * "any strength > 0". The else branch yields keep = 1 and pull = 0, so unmodulated calls only pay the
 * final Mul and Gemm (an exact identity) and modulated calls are unchanged: the `If` outputs are small.
 */
export interface StatisticsSkip {
  /** Emitter of the then-branch nodes (the statistics). */
  readonly body: NodeEmitter;
  /** Emitter of the else-branch nodes. */
  readonly idle: NodeEmitter;
  /** Bool `[1]`: any strength > 0. */
  readonly enabled: string;
}

function skipStatistics(
  e: NodeEmitter,
  skip: StatisticsSkip,
  x4: string,
  keep: string,
  pull: string,
): [string, string] {
  const { idle } = skip;
  const rows = idle.op('Slice', [idle.op('Shape', [x4]), idle.int([0]), idle.int([3]), idle.int([0])]);
  const idleKeep = idle.op('Identity', [idle.float([1, 1], [1, 1, 1, 2])]);
  const idlePull = idle.op('Expand', [
    idle.float([0]),
    idle.op('Concat', [rows, idle.int([2])], { axis: 0 }),
  ]);
  const branch = (name: string, nodes: OnnxNode[], outputs: readonly string[]): OnnxGraph => ({
    name: `${keep}/${name}`,
    node: nodes,
    output: outputs.map((o) => ({ name: o, type: { tensorType: { elemType: DataType.Float } } })),
  });
  const out: [string, string] = [`${keep}/gated`, `${pull}/gated`];
  e.nodes.push({
    name: `${keep}/If`,
    opType: 'If',
    input: [skip.enabled],
    output: [...out],
    attribute: [
      {
        name: 'then_branch',
        type: AttributeType.Graph,
        g: branch('modulated', skip.body.nodes, [keep, pull]),
      },
      {
        name: 'else_branch',
        type: AttributeType.Graph,
        g: branch('unmodulated', idle.nodes, [idleKeep, idlePull]),
      },
    ],
  });
  return out;
}

/** What the pre-softmax part leaves for the optional diagnostics. */
export interface LayerModulationValues {
  /** Float32 scores `[B, H, S, S]` before modulation. */
  readonly scores4: string;
  /** Target 4-D shape `[B, −1, S, S]`. */
  readonly shape4: string;
  /** Condition column `[S, 1]` and its complement. */
  readonly condCol: string;
  /** 1 − condition, `[S, 1]`. */
  readonly notCondCol: string;
  /** Indicator tokens column `[S, 1]`. */
  readonly boxCol: string;
  /** Condition token count `[1, 1]`. */
  readonly condCount: string;
  /** Indicator I and gate gamma, `[B, 1, 1, 1]` each. */
  readonly indicator: string;
  /** Gate gamma, `[B, 1, 1, 1]`. */
  readonly gate: string;
  /** The modulated scores in the layer's float type, to feed the Softmax. */
  readonly modulated: string;
}

/**
 * Emits the modulation of one layer's scores: S' = S·P + Q with P = (1−α)⊗c + (1−β)⊗(1−c) and
 * Q = (α·m)⊗c + (β·n)⊗(1−c), both outer products done as products with K = 2 against `[c; 1−c]`
 * (P by MatMul, Q inside a Gemm that adds S·P).
 * With zero strength α = β = 0, so P is exactly 1 and Q exactly 0 for a 0/1 condition mask: the scores
 * pass through bit-identical. With `skip`, the statistics (m, n, indicator, gate, α, β) are computed only
 * when some strength is positive (see {@link StatisticsSkip}).
 */
export function emitLayerModulation(
  e: NodeEmitter,
  layer: SelfAttentionLayer,
  shared: SharedModulationValues,
  skip?: StatisticsSkip,
): LayerModulationValues {
  const half = layer.floatType === 'float16';
  const x = half ? e.op('Cast', [layer.scores], { to: DataType.Float }) : layer.scores;
  const shapeX = e.op('Shape', [x]);
  const s = e.op('Slice', [shapeX, e.int([-1]), e.int([Number.MAX_SAFE_INTEGER]), e.int([0])]);
  const shape4 = e.op('Concat', [shared.batch, e.int([-1]), s, s], { axis: 0 });
  const x4 = e.op('Reshape', [x, shape4]);

  // This layer's segment of the level vectors: the level whose token count equals S.
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
  const notCondRow = e.op('Sub', [e.float([1]), condRow]);
  const keys = e.op('Concat', [condRow, notCondRow], { axis: 0 });
  const condCol = e.op('Transpose', [condRow], { perm: [1, 0] });
  const notCondCol = e.op('Transpose', [notCondRow], { perm: [1, 0] });
  const [supCol, enhCol, boxCol, nearCol] = [col(1), col(2), col(3), col(4)];

  const t = skip?.body ?? e;
  const m = t.reduce('ReduceMax', x4, [-1]);
  const n = t.reduce('ReduceMin', x4, [-1]);
  // Indicator: a_i = mean_h Σ_j c_j (S_ij − n_i) / (m_i − n_i + ε); I = Σ_near a / max(Σ_box a, tiny).
  const condCount = t.reduce('ReduceSum', condRow, [0, 1]);
  const toCond = t.op('MatMul', [x4, condCol]);
  const numerator = t.op('Sub', [toCond, t.op('Mul', [n, condCount])]);
  const a = t.op('Div', [numerator, t.op('Add', [t.op('Sub', [m, n]), shared.epsilon])]);
  const aMean = t.reduce('ReduceMean', a, [1]);
  const boxSum = t.reduce('ReduceSum', t.op('Mul', [aMean, boxCol]), [1, 2, 3]);
  const nearSum = t.reduce('ReduceSum', t.op('Mul', [aMean, nearCol]), [1, 2, 3]);
  const indicator = t.op('Div', [nearSum, t.op('Max', [boxSum, t.float([INDICATOR_MIN_SUM])])]);
  const ramp = t.op('Div', [t.op('Sub', [indicator, shared.tau]), shared.oneMinusTau]);
  const soft = t.op('Clip', [ramp, t.float([0]), t.float([1])]);
  const binary = t.op('Cast', [t.op('Greater', [indicator, shared.tau])], { to: DataType.Float });
  const gate = t.op('Add', [t.op('Mul', [soft, shared.gateSoft]), t.op('Mul', [binary, shared.gateBinary])]);

  // Row coefficients α (enhance, toward m) and β (suppress, toward n), [B, 1, S, 1].
  const alpha = t.op('Mul', [t.op('Mul', [shared.enhStrength, gate]), enhCol]);
  const beta = t.op('Mul', [shared.supStrength, supCol]);
  const one = t.float([1]);
  const keep = t.op('Concat', [t.op('Sub', [one, alpha]), t.op('Sub', [one, beta])], { axis: -1 });
  const pull = t.op('Concat', [t.op('Mul', [alpha, m]), t.op('Mul', [beta, n])], { axis: -1 });
  const [keepRows, pullRows] = skip === undefined ? [keep, pull] : skipStatistics(e, skip, x4, keep, pull);
  const scaled = e.op('Mul', [x4, e.op('MatMul', [keepRows, keys])]);
  // Q + S·P as one Gemm over rows (C = S·P, accumulated in place): no full-size Q temporary.
  const rows = (value: string, width: string) =>
    e.op('Reshape', [value, e.op('Concat', [e.int([-1]), width], { axis: 0 })]);
  const y2 = e.op('Gemm', [rows(pullRows, e.int([2])), keys, rows(scaled, s)]);
  const y = e.op('Reshape', [y2, shapeX]);
  const modulated = half ? e.op('Cast', [y], { to: DataType.Float16 }) : y;
  return { scores4: x4, shape4, condCol, notCondCol, boxCol, condCount, indicator, gate, modulated };
}

/**
 * Emits the diagnostic outputs of one layer after its Softmax: `mass` `[B, 4]` = (attention mass from
 * condition queries to outside keys, from related queries to condition keys, indicator I, gate gamma),
 * masses averaged over heads and over the query tokens, and `scores` = the unmodulated float32 scores
 * `[B, H, S, S]`.
 */
export function emitLayerDiagnostics(
  e: NodeEmitter,
  layer: SelfAttentionLayer,
  probabilities: string,
  values: LayerModulationValues,
  outputs: { readonly mass: string; readonly scores: string },
): void {
  const half = layer.floatType === 'float16';
  const p = half ? e.op('Cast', [probabilities], { to: DataType.Float }) : probabilities;
  const p4 = e.op('Reshape', [p, values.shape4]);
  const tiny = e.float([INDICATOR_MIN_SUM]);
  const meanOver = (perQuery: string, queries: string, count: string) => {
    const total = e.reduce(
      'ReduceSum',
      e.op('Mul', [e.reduce('ReduceMean', perQuery, [1]), queries]),
      [1, 2, 3],
    );
    return e.op('Div', [total, e.op('Max', [count, tiny])]);
  };
  const related = e.op('Mul', [values.boxCol, values.notCondCol]);
  const relatedCount = e.reduce('ReduceSum', related, [0, 1]);
  const supMass = meanOver(e.op('MatMul', [p4, values.notCondCol]), values.condCol, values.condCount);
  const enhMass = meanOver(e.op('MatMul', [p4, values.condCol]), related, relatedCount);
  const all = e.op('Concat', [supMass, enhMass, values.indicator, values.gate], { axis: -1 });
  e.named('Reshape', [all, e.int([-1, 4])], outputs.mass);
  e.named('Identity', [values.scores4], outputs.scores);
}

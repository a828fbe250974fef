import {
  ATTENTION_MODULATION_INPUTS,
  DEFAULT_ATTENTION_MODULATION_CONFIG,
  UnsupportedModelError,
} from '@sow/core';
import { DataType } from '../constants.js';
import type { OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '../types.js';
import {
  emitLayerDiagnostics,
  emitLayerModulation,
  type LayerModulationValues,
  type SharedModulationValues,
  type StatisticsSkip,
} from './emit-layer-modulation.js';
import { findSelfAttention, type SelfAttentionLayer } from './find-self-attention.js';
import { NodeEmitter } from './node-emitter.js';

/** Options of {@link patchSelfAttention}. */
export interface AttentionPatchOptions {
  /**
   * Add per-layer diagnostic outputs (see {@link AttentionDiagnosticOutputs}) for tests and inspection.
   * They hold every layer's full score tensor, so leave them off in production. Default `false`.
   */
  readonly diagnostics?: boolean;
  /**
   * How zero strength is handled; both are bit-identical to the unpatched graph at zero strength.
   * `'arithmetic'`: the row statistics (max, min, indicator: three reads of the scores) sit in a small
   * `If` on "any strength > 0" and the final S·P + Q always runs, an exact identity at zero strength; the
   * `If` outputs are per-row vectors, so modulated calls lose nothing. `'if'`: each layer's whole
   * modulation sits in an `If`, so unmodulated calls only copy the scores, but modulated calls cost more
   * (the scores cannot be updated in place inside the subgraph) and `If` may move the scores between
   * devices on GPU providers. Measured on the generated UNet at a 64×64 latent, batch 4, 2 CPU threads
   * (`scripts/bench-attention.ts`): unpatched 281 ms; `'arithmetic'` 473 ms off, 633 ms on. With surgery
   * version 1 at batch 2: unpatched 138 ms; `'arithmetic'` 334 ms on or off; `'if'` 431 ms on, 202 ms
   * off. Pick `'if'` when most calls run unmodulated. Diagnostics imply `'arithmetic'` without the
   * statistics `If`. Default `'arithmetic'`.
   */
  readonly gating?: 'if' | 'arithmetic';
  /**
   * Epsilon of the indicator's per-row min-max normalisation, baked into the graph (score units).
   * Default 1e-6, `DEFAULT_ATTENTION_MODULATION_CONFIG.normEpsilon`.
   */
  readonly normEpsilon?: number;
}

/** Names of one layer's diagnostic graph outputs. */
export interface AttentionDiagnosticOutputs {
  /** The layer (its {@link SelfAttentionLayer.name}). */
  readonly layer: string;
  /**
   * float32 `[B, 4]`: mass from condition queries to non-condition keys, mass from related queries
   * (guiding box outside the condition) to condition keys, both averaged over heads and queries; then the
   * indicator I and the gate gamma.
   */
  readonly mass: string;
  /** float32 `[B, H, S, S]`: the unmodulated pre-softmax scores. */
  readonly scores: string;
}

/** A UNet with modulated self-attention, and what was patched. */
export interface PatchedAttentionModel {
  /** The patched model (the input model is left unchanged; external-data initializers stay referenced). */
  readonly model: OnnxModel;
  /** Every patched self-attention layer, in graph order. */
  readonly layers: readonly SelfAttentionLayer[];
  /** Diagnostic outputs per layer; empty unless `diagnostics` was asked for. */
  readonly diagnostics: readonly AttentionDiagnosticOutputs[];
}

function tensorInput(name: string, elemType: number, dims: readonly (number | string)[]): OnnxValueInfo {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

function sharedValues(e: NodeEmitter, epsilon: number): SharedModulationValues {
  const names = ATTENTION_MODULATION_INPUTS;
  const scalar = (k: number) => e.op('Gather', [names.scalars, e.int([k], [])], { axis: 0 });
  const strength = e.op('Reshape', [names.strength, e.int([-1, 1, 1, 1])]);
  const [tau, gateSoft] = [scalar(2), scalar(3)];
  return {
    batch: e.op('Shape', [names.strength]),
    counts: names.counts,
    vectors: names.vectors,
    supStrength: e.op('Mul', [strength, scalar(0)]),
    enhStrength: e.op('Mul', [strength, scalar(1)]),
    tau,
    oneMinusTau: e.op('Sub', [e.float([1]), tau]),
    gateSoft,
    gateBinary: e.op('Sub', [e.float([1]), gateSoft]),
    epsilon: e.float([epsilon]),
  };
}

/**
 * Emits one layer's modulation inside an `If` on "any strength > 0" into `outer` (the else branch copies
 * the scores) and returns the scores to feed the Softmax. The body keeps the statistics `If` of
 * `'arithmetic'` (always taken there) so that both gatings compute modulated scores bit-identically. float16 scores are cast to float32 before the
 * `If` and back after it, so ONNX Runtime's removal of redundant Cast pairs treats them as in the
 * unpatched graph (bit-identical output at zero strength on CPU, where float16 math runs in float32).
 */
function gatedModulation(
  outer: NodeEmitter,
  body: NodeEmitter,
  layer: SelfAttentionLayer,
  shared: SharedModulationValues,
  skip: StatisticsSkip,
): string {
  const half = layer.floatType === 'float16';
  const x = half ? outer.op('Cast', [layer.scores], { to: DataType.Float }) : layer.scores;
  const emitted = emitLayerModulation(body, { ...layer, scores: x, floatType: 'float32' }, shared, skip);
  const branch = (name: string, nodes: OnnxNode[], out: string) => ({
    name: `${layer.name}/sow_attn_${name}`,
    node: nodes,
    output: [{ name: out, type: { tensorType: { elemType: DataType.Float } } }],
  });
  const copy = `${layer.name}/sow_attn_unmodulated/Identity_output_0`;
  const { enabled } = skip;
  const gated = outer.withGraphs('If', [enabled], {
    then_branch: branch('modulated', body.nodes, emitted.modulated),
    else_branch: branch(
      'unmodulated',
      [{ name: copy, opType: 'Identity', input: [x], output: [copy] }],
      copy,
    ),
  });
  return half ? outer.op('Cast', [gated], { to: DataType.Float16 }) : gated;
}

function defaultOpset(model: OnnxModel): number {
  const entry = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  return entry?.version ?? 0;
}

/**
 * Patches every self-attention layer of a decoded UNet for SOW's dynamic attention modulation: inserts the
 * modulation right before each self-attention Softmax (cross-attention untouched), fed by four new graph
 * inputs named by `ATTENTION_MODULATION_INPUTS` of `@sow/core` (per-level token vectors, level token counts,
 * per-cycle scalars, per-item strength; build them with `attentionModulationFeeds`). Each layer finds its
 * level at run time from its token count S, reshapes its scores to `[B, −1, S, S]` with B the strength
 * length (so both export styles work), takes the row max/min (ReduceMax/ReduceMin), the indicator and gate,
 * and applies S' = S·P + Q with P, Q outer products built in the graph. float16 scores are modulated in
 * float32 between Casts. Zero strength leaves the output bit-identical, so one graph serves every phase.
 * Only the graph changes: new constants are small inline initializers, external-data initializers keep
 * their references. Needs default-domain opset ≥ 13.
 * @throws UnsupportedModelError for fused or missing self-attention (see {@link findSelfAttention}),
 * an opset below 13, or a model that already has the modulation inputs.
 * @see ../shared/spec/algorithm.md sections 5.4 and 6; ../shared/spec/onnx-models.md section 3.2
 * @example
 * const { model: patched, layers } = patchSelfAttention(decodeModel(bytes));
 * const patchedBytes = encodeModel(patched);
 */
export function patchSelfAttention(
  model: OnnxModel,
  options: AttentionPatchOptions = {},
): PatchedAttentionModel {
  const fn = 'patchSelfAttention';
  const graph = model.graph ?? {};
  const opset = defaultOpset(model);
  if (opset < 13) {
    throw new UnsupportedModelError(fn, `the model's default opset must be ≥ 13, got ${opset}.`);
  }
  const names = ATTENTION_MODULATION_INPUTS;
  const clash = (graph.input ?? []).find((i) => Object.values(names).includes(i.name as never));
  if (clash !== undefined) {
    throw new UnsupportedModelError(
      fn,
      `the model already has input '${clash.name}'; it is patched already.`,
    );
  }
  const layers = findSelfAttention(model);
  const initializers: OnnxTensor[] = [];
  const shared = new NodeEmitter('/sow_attn', opset, initializers);
  const values = sharedValues(shared, options.normEpsilon ?? DEFAULT_ATTENTION_MODULATION_CONFIG.normEpsilon);
  const useIf = options.gating === 'if' && options.diagnostics !== true;
  const strength = ATTENTION_MODULATION_INPUTS.strength;
  const enabled =
    options.diagnostics === true
      ? undefined
      : shared.op('Greater', [shared.reduce('ReduceMax', strength, [0]), shared.float([0])]);
  const bySoftmax = new Map(layers.map((l, k) => [l.softmax, { layer: l, k }]));
  const diagnostics: AttentionDiagnosticOutputs[] = [];
  const nodes: OnnxNode[] = [...shared.nodes];
  (graph.node ?? []).forEach((node, position) => {
    const hit = node.opType === 'Softmax' ? bySoftmax.get(node.name ?? `#${position}`) : undefined;
    if (hit === undefined) {
      nodes.push(node);
      return;
    }
    const prefix = `${hit.layer.name}/sow_attn_${hit.k}`;
    const e = new NodeEmitter(prefix, opset, initializers);
    let scores: string;
    let emitted: LayerModulationValues | undefined;
    const skip =
      enabled === undefined
        ? undefined
        : {
            body: new NodeEmitter(`${prefix}/stats`, opset, initializers),
            idle: new NodeEmitter(`${prefix}/idle`, opset, initializers),
            enabled,
          };
    if (useIf && skip !== undefined) {
      const body = new NodeEmitter(`${prefix}/gate`, opset, initializers);
      scores = gatedModulation(e, body, hit.layer, values, skip);
    } else {
      emitted = emitLayerModulation(e, hit.layer, values, skip);
      scores = emitted.modulated;
    }
    nodes.push(...e.nodes);
    nodes.push({ ...node, input: [scores, ...(node.input ?? []).slice(1)] });
    if (options.diagnostics === true) {
      const outputs = {
        layer: hit.layer.name,
        mass: `${hit.layer.name}/sow_attn_mass`,
        scores: `${hit.layer.name}/sow_attn_scores`,
      };
      const post = new NodeEmitter(`${hit.layer.name}/sow_attn_diag_${hit.k}`, opset, initializers);
      emitLayerDiagnostics(post, hit.layer, node.output?.[0] ?? '', emitted!, outputs);
      nodes.push(...post.nodes);
      diagnostics.push(outputs);
    }
  });
  const diagnosticOutputs = diagnostics.flatMap((d) => [
    tensorInput(d.mass, DataType.Float, ['sow_attn_batch', 4]),
    tensorInput(d.scores, DataType.Float, [
      'sow_attn_batch',
      `${d.layer}/heads`,
      `${d.layer}/S`,
      `${d.layer}/S`,
    ]),
  ]);
  const patched: OnnxModel = {
    ...model,
    graph: {
      ...graph,
      node: nodes,
      initializer: [...(graph.initializer ?? []), ...initializers],
      input: [
        ...(graph.input ?? []),
        tensorInput(names.vectors, DataType.Float, [5, 'sow_attn_tokens']),
        tensorInput(names.counts, DataType.Int64, ['sow_attn_levels']),
        tensorInput(names.scalars, DataType.Float, [4]),
        tensorInput(names.strength, DataType.Float, ['sow_attn_batch']),
      ],
      output: [...(graph.output ?? []), ...diagnosticOutputs],
    },
  };
  return { model: patched, layers, diagnostics };
}

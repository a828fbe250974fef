import {
  ATTENTION_MODULATION_INPUTS,
  DEFAULT_ATTENTION_MODULATION_CONFIG,
  UnsupportedModelError,
} from '@sow/core';
import { AttributeType, DataLocation, DataType } from '../constants.js';
import type { OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from '../types.js';
import {
  coreOutputType,
  emitLayerDiagnostics,
  emitLayerLevel,
  emitSplitAttention,
  type SharedModulationValues,
} from './emit-split-attention.js';
import { type AttentionCore, findAttentionCore } from './find-attention-core.js';
import { findSelfAttention, type SelfAttentionLayer } from './find-self-attention.js';
import { GraphIndex } from './graph-index.js';
import { NodeEmitter } from './node-emitter.js';

/** Options of {@link patchSelfAttention}. */
export interface AttentionPatchOptions {
  /**
   * Add per-layer diagnostic outputs (see {@link AttentionDiagnosticOutputs}) for tests and inspection.
   * The modulated computation then runs on every call (no `If`), so every level must have condition and
   * other tokens, and the outputs hold every layer's full score tensor: leave them off in production.
   * Default `false`.
   */
  readonly diagnostics?: boolean;
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

/** A subgraph's nodes, its own constants and its output value. */
interface BranchBody {
  readonly nodes: readonly OnnxNode[];
  readonly constants: readonly OnnxTensor[];
  readonly output: string;
}

/**
 * Gives a branch its own copies of the small graph constants its nodes read (scales, shapes), under new
 * names: ONNX Runtime optimises a subgraph (e.g. folds a scale `Mul` into the `MatMul`) only with constants
 * of its own, and the unmodulated branch must run exactly the kernels of the unpatched graph.
 */
function localizeConstants(
  index: GraphIndex,
  body: BranchBody,
  prefix: string,
  localized: Set<string>,
): BranchBody {
  const copies = new Map<string, OnnxTensor>();
  const local = (name: string): string => {
    const tensor = index.constantTensor(name);
    const size = (tensor?.dims ?? []).reduce((a, d) => a * Number(d), 1);
    if (tensor === undefined || tensor.dataLocation === DataLocation.External || size > 64) return name;
    const copy = copies.get(name) ?? { ...tensor, name: `${prefix}/${name}` };
    copies.set(name, copy);
    localized.add(name);
    return copy.name ?? name;
  };
  const nodes = body.nodes.map((n) => ({ ...n, input: (n.input ?? []).map(local) }));
  return { nodes, constants: [...body.constants, ...copies.values()], output: body.output };
}

/**
 * The `If` that replaces a layer's attention core: the modulated computation when `active`, else the
 * original nodes (so unmodulated calls run the unpatched kernels, bit for bit). Both branches yield the
 * core's output value, which keeps its name in the graph.
 */
function ifNode(
  prefix: string,
  active: string,
  index: GraphIndex,
  core: AttentionCore,
  modulated: BranchBody,
  layer: SelfAttentionLayer,
  localized: Set<string>,
): OnnxNode {
  const elemType = coreOutputType(core, layer);
  const unmodulatedOutput = `${core.output}/sow_attn_unmodulated`;
  const original = core.nodes.map((n) =>
    n === core.nodes.at(-1)
      ? { ...n, output: (n.output ?? []).map((o) => (o === core.output ? unmodulatedOutput : o)) }
      : n,
  );
  const branch = (name: string, body: BranchBody) => {
    const { nodes, constants, output } = localizeConstants(index, body, `${prefix}/${name}`, localized);
    return {
      name: `${prefix}/${name}`,
      node: [...nodes],
      initializer: [...constants],
      output: [{ name: output, type: { tensorType: { elemType } } }],
    };
  };
  const unmodulated = { nodes: original, constants: [], output: unmodulatedOutput };
  return {
    name: `${prefix}/If`,
    opType: 'If',
    input: [active],
    output: [core.output],
    attribute: [
      { name: 'then_branch', type: AttributeType.Graph, g: branch('modulated', modulated) },
      { name: 'else_branch', type: AttributeType.Graph, g: branch('unmodulated', unmodulated) },
    ],
  };
}

/** Names read by `nodes` and by the nodes of their subgraphs. */
function readNames(nodes: readonly OnnxNode[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    for (const input of node.input ?? []) into.add(input);
    for (const a of node.attribute ?? []) if (a.g !== undefined) readNames(a.g.node ?? [], into);
  }
  return into;
}

/** Drops the `localized` constants (initializers and `Constant` nodes) that nothing reads any more. */
function withoutLocalized(
  initializers: readonly OnnxTensor[],
  nodes: readonly OnnxNode[],
  localized: ReadonlySet<string>,
): { initializers: OnnxTensor[]; nodes: OnnxNode[] } {
  const read = readNames(nodes);
  const unread = (name: string) => localized.has(name) && !read.has(name);
  return {
    initializers: initializers.filter((t) => !unread(t.name ?? '')),
    nodes: nodes.filter((n) => !(n.opType === 'Constant' && unread(n.output?.[0] ?? ''))),
  };
}

function defaultOpset(model: OnnxModel): number {
  const entry = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  return entry?.version ?? 0;
}

/**
 * Patches every self-attention layer of a decoded UNet for SOW's dynamic attention modulation, fed by four
 * new graph inputs named by `ATTENTION_MODULATION_INPUTS` of `@sow/core` (per-level token vectors, level
 * token counts, per-cycle scalars, per-item strength; build them with `attentionModulationFeeds`).
 * Cross-attention is untouched. Each layer's attention core (Q·Kᵀ `MatMul` with its constant Q/K scalings,
 * the nodes up to the `Softmax`, and the probabilities × V `MatMul`) moves into an `If`: with every strength
 * zero (or a level without both condition and other tokens) the original nodes run, bit for bit and at the
 * unpatched speed; otherwise the keys are split into condition and other keys and the modulation (row
 * max/min, indicator, gate, value-range pulls) is applied per key block (see `emitSplitAttention`). The level
 * is found at run time from the token count S; B is the strength length, so both export styles work.
 * float16 scores are modulated in float32. Items of a modulated call whose own strength is zero match the
 * unpatched graph to rounding (the Softmax sums keys in another order). Only the graph changes: new
 * constants are small inline initializers, external-data initializers keep their references.
 * Needs default-domain opset ≥ 14.
 * @throws UnsupportedModelError for fused or missing self-attention (see {@link findSelfAttention}), an
 * attention whose scores are read outside it, an opset below 14, or a model that already has the
 * modulation inputs.
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
  if (opset < 14) {
    throw new UnsupportedModelError(fn, `the model's default opset must be ≥ 14, got ${opset}.`);
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
  const strength = ATTENTION_MODULATION_INPUTS.strength;
  const withIf = options.diagnostics !== true;
  const enabled = shared.op('Greater', [shared.reduce('ReduceMax', strength, [0]), shared.float([0])]);
  const index = new GraphIndex(graph);
  const order = new Map((graph.node ?? []).map((n, k) => [n, k]));
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const cores = layers.map((layer) => findAttentionCore(index, layer, graphOutputs, order));
  const coreOf = new Map(cores.flatMap((core, k) => core.nodes.map((n) => [n, k] as const)));
  const diagnostics: AttentionDiagnosticOutputs[] = [];
  const moved = new Set<string>();
  const localized = new Set<string>();
  const nodes: OnnxNode[] = [...shared.nodes];
  for (const node of graph.node ?? []) {
    const k = coreOf.get(node);
    if (k === undefined) {
      nodes.push(node);
      continue;
    }
    const core = cores[k]!;
    if (node !== core.nodes.at(-1)) continue;
    const layer = layers[k]!;
    const prefix = `${layer.name}/sow_attn_${k}`;
    const e = new NodeEmitter(prefix, opset, initializers);
    const level = emitLayerLevel(e, core, values);
    if (withIf) {
      const bodyConstants: OnnxTensor[] = [];
      const body = new NodeEmitter(`${prefix}/modulated`, opset, bodyConstants);
      const modulated = emitSplitAttention(body, index, core, layer, values, level);
      const active = e.op('And', [enabled, level.split]);
      const then = { nodes: body.nodes, constants: bodyConstants, output: modulated.output };
      nodes.push(...e.nodes, ifNode(prefix, active, index, core, then, layer, localized));
      for (const n of core.nodes) for (const o of n.output ?? []) moved.add(o);
    } else {
      const emitted = emitSplitAttention(e, index, core, layer, values, level);
      e.named('Identity', [emitted.output], core.output);
      const outputs = {
        layer: layer.name,
        mass: `${layer.name}/sow_attn_mass`,
        scores: `${layer.name}/sow_attn_scores`,
      };
      emitLayerDiagnostics(e, level, emitted, outputs);
      nodes.push(...e.nodes);
      diagnostics.push(outputs);
    }
  }
  const kept = withoutLocalized(graph.initializer ?? [], nodes, localized);
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
      node: kept.nodes,
      valueInfo: (graph.valueInfo ?? []).filter((v) => !moved.has(v.name ?? '')),
      initializer: [...kept.initializers, ...initializers],
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

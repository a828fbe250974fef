import { getAttribute } from '../attributes.js';
import { readTensorData } from '../tensor-data.js';
import type { OnnxGraph, OnnxNode, OnnxTensor } from '../types.js';

/** Producer and consumer lookups over one graph, plus constant folding of small int64 shape vectors. */
export class GraphIndex {
  /** The node that produces each value. */
  readonly producer = new Map<string, OnnxNode>();
  /** The nodes that read each value. */
  readonly consumers = new Map<string, OnnxNode[]>();
  /** Initializers by name. */
  readonly initializers = new Map<string, OnnxTensor>();
  /** Graph input names. */
  readonly inputs: Set<string>;

  constructor(graph: OnnxGraph) {
    for (const t of graph.initializer ?? []) this.initializers.set(t.name ?? '', t);
    this.inputs = new Set((graph.input ?? []).map((v) => v.name ?? ''));
    for (const node of graph.node ?? []) {
      for (const out of node.output ?? []) this.producer.set(out, node);
      for (const inp of node.input ?? []) {
        if (inp === '') continue;
        const list = this.consumers.get(inp) ?? [];
        list.push(node);
        this.consumers.set(inp, list);
      }
    }
  }

  /** True when `name` is a constant: an initializer or the output of a `Constant` node. */
  isConstant(name: string): boolean {
    return this.initializers.has(name) || this.producer.get(name)?.opType === 'Constant';
  }

  /** The tensor of a constant: an initializer, or the `value` of a `Constant` node; else `undefined`. */
  constantTensor(name: string): OnnxTensor | undefined {
    const node = this.producer.get(name);
    const value =
      node?.opType === 'Constant' ? node.attribute?.find((a) => a.name === 'value')?.t : undefined;
    return this.initializers.get(name) ?? value;
  }

  /**
   * Folds a small integer vector built from constants (initializer, `Constant`, `Unsqueeze`, `Concat`,
   * `Cast`); entries computed at run time (from `Shape`) are `NaN`. `undefined` when even the length is
   * unknown.
   */
  intVector(name: string, depth = 0): number[] | undefined {
    if (depth > 8) return undefined;
    const init = this.initializers.get(name);
    if (init !== undefined) return tensorInts(init);
    const node = this.producer.get(name);
    if (node === undefined) return undefined;
    const first = node.input?.[0] ?? '';
    switch (node.opType) {
      case 'Constant': {
        const value = getAttribute(node, 'value');
        return typeof value === 'object' && !Array.isArray(value) ? tensorInts(value) : undefined;
      }
      case 'Cast':
      case 'Identity':
        return this.intVector(first, depth + 1);
      case 'Unsqueeze':
        return this.intVector(first, depth + 1) ?? [Number.NaN];
      case 'Concat': {
        const parts = (node.input ?? []).map((i) => this.intVector(i, depth + 1));
        return parts.every((p) => p !== undefined) ? parts.flat() : undefined;
      }
      default:
        return undefined;
    }
  }
}

function tensorInts(t: OnnxTensor): number[] | undefined {
  if (t.dataLocation === 1 || (t.dims ?? []).length > 1) return undefined;
  try {
    return Array.from(readTensorData(t) as ArrayLike<number | bigint>, (v) => Number(v));
  } catch {
    return undefined;
  }
}

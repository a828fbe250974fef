// What scripts/bench-attention.ts times and measures: a model opened plain or patched for SOW's attention
// modulation, called with one of three variants.
import type { Backend, UNetAttention } from '@sow/core';

/** Unpatched graph; patched graph with modulation off (strength 0); patched graph with modulation on. */
export type Variant = 'plain' | 'off' | 'on';

/** A model opened for one variant group: `call` runs one evaluation (the same input every time). */
export interface OpenedSubject {
  /** One evaluation; `attention` is the modulation to apply when `variant` is 'on'. */
  call(variant: Variant, attention: UNetAttention): Promise<void>;
  /** Closes the sessions. */
  dispose(): Promise<void>;
}

/** A model to benchmark unpatched and patched. */
export interface BenchSubject {
  /** One line saying what the model is. */
  readonly title: string;
  /**
   * Never hold the unpatched and the patched graph open together (for models too large to load twice):
   * the pairs alternate child processes, each opening one graph.
   */
  readonly oneSessionAtATime?: boolean;
  /** FLOPs of one unpatched call (@sow/onnx-graph's countFlops at the benchmark's input shapes). */
  flops(): number;
  /** Opens the unpatched graph, or the graph patched by the attention surgery. */
  open(backend: Backend, patched: boolean): Promise<OpenedSubject>;
}

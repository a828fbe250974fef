// The machine's practical floating-point peak through the same ONNX Runtime build the benchmarks use: one
// large float32 MatMul ([n,n]·[n,n], 2n³ FLOPs, counted by @sow/onnx-graph's countFlops) timed call by call,
// the best call taken as the peak. Benchmarks divide a model's GFLOP/s by it to say how far from the limit
// a UNet call runs. On a machine shared with other work the best call still approaches the true peak.
import type { Backend } from '@sow/core';
import { countFlops, encodeModel, GraphBuilder } from '@sow/onnx-graph';
import { median } from './paired-bench.js';

/** The peak measurement: best and median GFLOP/s over the timed calls, and the work per call. */
export interface MachinePeak {
  /** Best call, GFLOP/s: the figure to compare against. */
  readonly gflops: number;
  /** Median call, GFLOP/s. */
  readonly medianGflops: number;
  /** FLOPs of one call. */
  readonly flopsPerCall: number;
  /** Matrix side. */
  readonly n: number;
}

/** Times `calls` calls (after 2 warm-up calls) of an n×n·n×n float32 MatMul on `backend`. */
export async function measureMachinePeak(backend: Backend, n = 2048, calls = 8): Promise<MachinePeak> {
  const g = new GraphBuilder('peak_matmul');
  const a = g.input('a', 'float32', [n, n]);
  const b = g.input('b', 'float32', [n, n]);
  g.output(g.matMul(a, b), 'float32', [n, n], 'c');
  const model = g.toModel();
  const flopsPerCall = countFlops(model, { a: [n, n], b: [n, n] }).total;
  const session = await backend.loadSession({ bytes: encodeModel(model) });
  const data = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const feeds = {
    a: { dtype: 'float32', shape: [n, n], data },
    b: { dtype: 'float32', shape: [n, n], data },
  } as const;
  const rates: number[] = [];
  try {
    for (let i = 0; i < calls + 2; i++) {
      const started = performance.now();
      await session.run(feeds);
      if (i >= 2) rates.push(flopsPerCall / ((performance.now() - started) * 1e6));
    }
  } finally {
    await session.dispose();
  }
  return { gflops: Math.max(...rates), medianGflops: median(rates), flopsPerCall, n };
}

/** One line: `machine peak (2048² MatMul, onnxruntime cpu): 61.2 GFLOP/s best, 55.0 median`. */
export function formatPeak(peak: MachinePeak, device: string): string {
  return `machine peak (${peak.n}x${peak.n} float32 MatMul through onnxruntime, ${device}): ${peak.gflops.toFixed(1)} GFLOP/s best call, ${peak.medianGflops.toFixed(1)} median`;
}

/** `1234 GFLOP/call, 56.7 GFLOP/s = 45% of peak`. */
export function formatAchieved(flopsPerCall: number, msPerCall: number, peak: MachinePeak): string {
  const rate = flopsPerCall / (msPerCall * 1e6);
  return `${(flopsPerCall / 1e9).toFixed(1)} GFLOP/call, ${rate.toFixed(1)} GFLOP/s = ${((100 * rate) / peak.gflops).toFixed(0)}% of peak`;
}

import type { CowOp, CowPhase } from './cow-op.js';

/** UNet work of one phase of a COW plan. */
export interface CowPhaseTotals {
  /** Phase name. */
  readonly phase: CowPhase;
  /** UNet calls in the phase. */
  readonly unetCalls: number;
  /** Distinct UNet batch sizes of the phase, ascending (2 for CFG, 4 for the cycles' guidance). */
  readonly batchSizes: readonly number[];
}

/** What a COW plan will cost, known before the run: UNet calls, batch sizes and progress totals. */
export interface CowScheduleTotals {
  /** UNet calls of the whole plan. */
  readonly unetCalls: number;
  /** Sum of the batch sizes of all UNet calls (single-image UNet evaluations). */
  readonly unetEvaluations: number;
  /** VAE decoder calls (decode ops). */
  readonly decodeCalls: number;
  /** Model calls the plan makes (UNet plus decoder): the plan's share of the progress total. */
  readonly modelCalls: number;
  /** Per-phase UNet totals, in order of first appearance. */
  readonly phases: readonly CowPhaseTotals[];
}

/**
 * Batch size of the UNet call an op makes: 2 for inversion and final-stage guidance (unconditional and
 * prompt), 4 for the cycles' masked guidance, 0 for ops that make no UNet call.
 * @see spec section 3.3
 */
export function cowOpBatchSize(op: CowOp): number {
  if (op.kind === 'invert') return 2;
  if (op.kind === 'denoise') return op.guidance === 'cycle' ? 4 : 2;
  return 0;
}

/**
 * Counts a COW plan's model calls before running it, for progress bars and cost estimates.
 * @see spec section 3.9 (cost per image)
 * @example
 * const { unetCalls, modelCalls } = cowScheduleTotals(cowSchedule(config, schedule));
 */
export function cowScheduleTotals(ops: readonly CowOp[]): CowScheduleTotals {
  const phases = new Map<CowPhase, { unetCalls: number; batchSizes: Set<number> }>();
  let unetCalls = 0;
  let unetEvaluations = 0;
  let decodeCalls = 0;
  for (const op of ops) {
    if (op.kind === 'decode') decodeCalls += 1;
    const batch = cowOpBatchSize(op);
    if (batch === 0) continue;
    unetCalls += 1;
    unetEvaluations += batch;
    const entry = phases.get(op.phase) ?? { unetCalls: 0, batchSizes: new Set<number>() };
    entry.unetCalls += 1;
    entry.batchSizes.add(batch);
    phases.set(op.phase, entry);
  }
  return {
    unetCalls,
    unetEvaluations,
    decodeCalls,
    modelCalls: unetCalls + decodeCalls,
    phases: [...phases].map(([phase, p]) => ({
      phase,
      unetCalls: p.unetCalls,
      batchSizes: [...p.batchSizes].sort((a, b) => a - b),
    })),
  };
}

import type { ProgressCallback } from './progress-event.js';

/**
 * Emits a run's `phase-start`, `step` and `phase-end` events and keeps the bookkeeping behind them: the
 * model-call count against the run's total, the open phase and its wall clock.
 */
export interface ProgressTracker {
  /** Model calls counted so far, including the `completed` the tracker was created with. */
  readonly completed: number;
  /** Ends the open phase, if any, then emits `phase-start` for `phase` and starts its clock. */
  startPhase(phase: string): void;
  /** Counts one finished model call of the open phase and emits a `step` event (with its timestep, if given). */
  step(timestep?: number): void;
  /**
   * Emits `phase-end` for the open phase with its wall time and returns that time in milliseconds
   * (0, with no event, when no phase is open).
   */
  endPhase(): number;
}

/**
 * Creates a {@link ProgressTracker} for one pipeline run whose model-call `total` is known up front, so
 * a pipeline reports phases, steps and phase times the same way as the built-in ones.
 * @param onProgress - Receives the events; without it the tracker only counts and times.
 * @param total - Model calls the whole run makes.
 * @param completed - Model calls already made before this tracker takes over; default 0.
 * @example
 * const progress = createProgressTracker(onProgress, 1 + timesteps.length + 1);
 * progress.startPhase('encode-prompt');
 * const { embeddings } = await encodePrompts(models, [prompt], signal);
 * progress.step();
 * const encodePromptMs = progress.endPhase();
 */
export function createProgressTracker(
  onProgress: ProgressCallback | undefined,
  total: number,
  completed = 0,
): ProgressTracker {
  let count = completed;
  let phase: string | undefined;
  let started = 0;
  const endPhase = (): number => {
    if (phase === undefined) return 0;
    const ms = performance.now() - started;
    onProgress?.({ type: 'phase-end', phase, ms });
    phase = undefined;
    return ms;
  };
  return {
    get completed() {
      return count;
    },
    startPhase(next) {
      endPhase();
      phase = next;
      started = performance.now();
      onProgress?.({ type: 'phase-start', phase: next });
    },
    step(timestep) {
      count += 1;
      onProgress?.({
        type: 'step',
        phase: phase ?? '',
        completed: count,
        total,
        ...(timestep === undefined ? {} : { timestep }),
      });
    },
    endPhase,
  };
}

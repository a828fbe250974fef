import { describe, expect, it } from 'vitest';
import { createProgressTracker } from './create-progress-tracker.js';
import type { ProgressEvent } from './progress-event.js';

describe('createProgressTracker', () => {
  it('emits phase-start, counted steps and phase-end in order, continuing from `completed`', () => {
    const events: ProgressEvent[] = [];
    const progress = createProgressTracker((e) => events.push(e), 5, 2);
    progress.startPhase('denoise');
    progress.step(981);
    progress.step();
    progress.startPhase('decode');
    progress.step();
    const ms = progress.endPhase();
    expect(progress.endPhase()).toBe(0);
    expect(progress.completed).toBe(5);
    expect(events.map((e) => (e.type === 'phase-end' ? { ...e, ms: 0 } : e))).toEqual([
      { type: 'phase-start', phase: 'denoise' },
      { type: 'step', phase: 'denoise', completed: 3, total: 5, timestep: 981 },
      { type: 'step', phase: 'denoise', completed: 4, total: 5 },
      { type: 'phase-end', phase: 'denoise', ms: 0 },
      { type: 'phase-start', phase: 'decode' },
      { type: 'step', phase: 'decode', completed: 5, total: 5 },
      { type: 'phase-end', phase: 'decode', ms: 0 },
    ]);
    const last = events.at(-1);
    expect(last?.type === 'phase-end' && last.ms).toBe(ms);
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('times a phase by the wall clock', async () => {
    const progress = createProgressTracker(undefined, 1);
    progress.startPhase('encode-prompt');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(progress.endPhase()).toBeGreaterThanOrEqual(25);
  });
});

import { describe, expect, it } from 'vitest';
import { createNoiseSchedule, SD21_BASE_SCHEDULER_CONFIG } from '../scheduler/index.js';
import type { CowOp } from './cow-op.js';
import { cowSchedule } from './cow-schedule.js';
import { cowScheduleTotals } from './cow-schedule-totals.js';
import { formatCowSchedule } from './format-cow-schedule.js';
import { resolveCowConfig } from './resolve-cow-config.js';

const schedule = createNoiseSchedule(SD21_BASE_SCHEDULER_CONFIG);

/** Compact rendering of the ops, written independently of the implementation's own formatter. */
function compact(ops: readonly CowOp[]): string[] {
  return ops.map((op) => {
    switch (op.kind) {
      case 'invert':
        return `inv ${op.target} ${op.timestep} ${op.fromLevel}->${op.toLevel}${op.storeFrom ? ` S${op.fromLevel}` : ''}${op.storeTo ? ` S${op.toLevel}` : ''}`;
      case 'renoise':
        return `renoise ${op.fromLevel}->${op.toLevel}`;
      case 'denoise':
        return `step ${op.timestep} ${op.fromLevel}->${op.toLevel} ${op.guidance} eta ${op.eta}`;
      case 'replace':
        return `put F${op.level} ${op.purpose}`;
      default:
        return 'decode';
    }
  });
}

/** The ten-cycle block of spec 3.6 / 3.7, as the spec writes it. */
function cycles(steps: string[]): string[] {
  const one = ['renoise 501->701', 'put F701 one-way', ...steps];
  return Array.from({ length: 10 }, () => one).flat();
}

describe('cowSchedule against the spec tables', () => {
  it('reference preset is spec 3.6 (diffusers 0.17.1 bookkeeping)', () => {
    const ops = cowSchedule(resolveCowConfig('reference'), schedule);
    expect(compact(ops)).toEqual([
      'inv condition 1 1->101',
      'inv condition 101 101->201',
      'inv condition 201 201->301',
      'inv condition 301 301->401 S401',
      'inv condition 401 401->501 S501',
      'inv condition 501 501->601 S601',
      'inv condition 601 601->701 S701',
      'inv canvas 1 1->101',
      'inv canvas 101 101->201',
      'inv canvas 201 201->301',
      'inv canvas 301 301->401',
      'inv canvas 401 401->501',
      ...cycles([
        'step 601 601->501 cycle eta 1',
        'put F601 one-way',
        'step 501 501->401 cycle eta 1',
        'put F501 one-way',
      ]),
      'step 401 401->301 final eta 0.1',
      'put F401 preserve',
      'step 301 301->201 final eta 0.1',
      'step 201 201->101 final eta 0.1',
      'step 101 101->1 final eta 0.1',
      'step 1 1->-99 final eta 0.1',
      'decode',
    ]);
    expect(ops.every((op) => !('guidanceScale' in op) || op.guidanceScale === 7.5)).toBe(true);
  });

  it('consistent preset is spec 3.7 (exact levels, one more step per inversion and in the final stage)', () => {
    const ops = cowSchedule(resolveCowConfig('consistent'), schedule);
    expect(compact(ops)).toEqual([
      'inv condition 1 -99->1',
      'inv condition 101 1->101',
      'inv condition 201 101->201',
      'inv condition 301 201->301',
      'inv condition 401 301->401 S401',
      'inv condition 501 401->501 S501',
      'inv condition 601 501->601 S601',
      'inv condition 701 601->701 S701',
      'inv canvas 1 -99->1',
      'inv canvas 101 1->101',
      'inv canvas 201 101->201',
      'inv canvas 301 201->301',
      'inv canvas 401 301->401',
      'inv canvas 501 401->501',
      ...cycles([
        'step 701 701->601 cycle eta 1',
        'put F601 one-way',
        'step 601 601->501 cycle eta 1',
        'put F501 one-way',
      ]),
      'step 501 501->401 final eta 0.1',
      'put F401 preserve',
      'step 401 401->301 final eta 0.1',
      'step 301 301->201 final eta 0.1',
      'step 201 201->101 final eta 0.1',
      'step 101 101->1 final eta 0.1',
      'step 1 1->-99 final eta 0.1',
      'decode',
    ]);
  });

  it('task presets change only the preserve steps and the final eta (spec 3.8)', () => {
    const tail = (name: 'normal' | 'attribute-editing' | 'style-transfer') =>
      compact(cowSchedule(resolveCowConfig(name), schedule)).slice(12 + 60);
    expect(tail('normal')).toEqual([
      'step 401 401->301 final eta 0',
      'put F401 preserve',
      'step 301 301->201 final eta 0',
      'put F301 preserve',
      'step 201 201->101 final eta 0',
      'step 101 101->1 final eta 0',
      'step 1 1->-99 final eta 0',
      'decode',
    ]);
    expect(tail('attribute-editing')).toEqual(
      compact(cowSchedule(resolveCowConfig('reference'), schedule)).slice(72),
    );
    expect(
      tail('style-transfer')
        .filter((s) => s.startsWith('step'))
        .every((s) => s.endsWith('eta 1')),
    ).toBe(true);
    // The normal preset stores F301 as well, from the inversion step that reaches level 301.
    expect(compact(cowSchedule(resolveCowConfig('normal'), schedule))[2]).toBe(
      'inv condition 201 201->301 S301',
    );
  });

  it('totals match the cost table of spec 3.9 (reference) and 3.7 (consistent)', () => {
    const ref = cowScheduleTotals(cowSchedule(resolveCowConfig('reference'), schedule));
    expect(ref.phases).toEqual([
      { phase: 'invert-condition', unetCalls: 7, batchSizes: [2] },
      { phase: 'invert-canvas', unetCalls: 5, batchSizes: [2] },
      { phase: 'cycles', unetCalls: 20, batchSizes: [4] },
      { phase: 'final', unetCalls: 5, batchSizes: [2] },
    ]);
    expect(ref.unetCalls).toBe(37);
    expect(ref.unetEvaluations).toBe(7 * 2 + 5 * 2 + 20 * 4 + 5 * 2);
    expect(ref.modelCalls).toBe(38);
    const con = cowScheduleTotals(cowSchedule(resolveCowConfig('consistent'), schedule));
    expect(con.phases.map((p) => p.unetCalls)).toEqual([8, 6, 20, 6]);
  });

  it('band, cycles and steps are honoured (paper Table IV settings)', () => {
    // 800/400 band with 5 cycles: 4 steps per cycle.
    const ops = cowSchedule(
      resolveCowConfig('reference', { bandStart: 8, bandEnd: 4, cycles: 5, preserveSteps: [3] }),
      schedule,
    );
    const totals = cowScheduleTotals(ops);
    expect(totals.phases.map((p) => p.unetCalls)).toEqual([8, 4, 20, 4]);
    expect(compact(ops).filter((s) => s.startsWith('renoise'))).toEqual(Array(5).fill('renoise 401->801'));
    // 20 steps: labels 50k + 1.
    const twenty = cowSchedule(
      resolveCowConfig('reference', { steps: 20, bandStart: 14, bandEnd: 10, preserveSteps: [8] }),
      schedule,
    );
    expect(compact(twenty)[0]).toBe('inv condition 1 1->51');
    expect(compact(twenty).filter((s) => s.startsWith('renoise'))[0]).toBe('renoise 501->701');
  });

  it('is frozen data and prints one line per op plus the totals', () => {
    const ops = cowSchedule(resolveCowConfig('reference'), schedule);
    expect(Object.isFrozen(ops) && Object.isFrozen(ops[0])).toBe(true);
    const text = formatCowSchedule(ops).split('\n');
    expect(text).toHaveLength(ops.length + 1);
    expect(text[12]).toContain('cycles[0]');
    expect(text.at(-1)).toContain('UNet calls: 37');
  });
});

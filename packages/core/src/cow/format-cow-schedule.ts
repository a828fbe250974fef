import type { CowOp } from './cow-op.js';
import { cowScheduleTotals } from './cow-schedule-totals.js';

const level = (l: number): string => (l < 0 ? 'clean' : String(l));

function describe(op: CowOp): string {
  switch (op.kind) {
    case 'invert': {
      const stores = [
        op.storeFrom ? `store ${level(op.fromLevel)}` : '',
        op.storeTo ? `store ${level(op.toLevel)}` : '',
      ]
        .filter((s) => s !== '')
        .join(', ');
      return `invert ${op.target} t=${op.timestep} level ${level(op.fromLevel)} -> ${level(op.toLevel)} cfg ${op.guidanceScale}${stores === '' ? '' : ` [${stores}]`}`;
    }
    case 'renoise':
      return `renoise level ${level(op.fromLevel)} -> ${level(op.toLevel)}`;
    case 'denoise':
      return `denoise t=${op.timestep} level ${level(op.fromLevel)} -> ${level(op.toLevel)} ${op.guidance === 'cycle' ? 'G2' : 'cfg'} ${op.guidanceScale} eta ${op.eta}`;
    case 'replace':
      return `replace ${op.purpose} with condition level ${level(op.level)}`;
    case 'decode':
      return 'decode';
  }
}

/**
 * Renders a COW plan as text, one numbered op per line with its phase (and cycle), followed by the
 * totals, so a plan can be read, diffed and checked against the spec's tables.
 * @see spec section 3.6-3.9
 * @example
 * console.log(formatCowSchedule(cowSchedule(resolveCowConfig('consistent'), schedule)));
 */
export function formatCowSchedule(ops: readonly CowOp[]): string {
  const width = String(Math.max(ops.length - 1, 0)).length;
  const lines = ops.map((op, i) => {
    const phase = 'cycle' in op && op.cycle !== undefined ? `${op.phase}[${op.cycle}]` : op.phase;
    return `${String(i).padStart(width)}  ${phase.padEnd(16)}  ${describe(op)}`;
  });
  const totals = cowScheduleTotals(ops);
  const phases = totals.phases
    .map((p) => `${p.phase} ${p.unetCalls} x B${p.batchSizes.join('/')}`)
    .join(', ');
  lines.push(`UNet calls: ${totals.unetCalls} (${phases}); decode calls: ${totals.decodeCalls}`);
  return lines.join('\n');
}

import type { ProgressEvent } from '@sow/core';

/**
 * A one-line text progress bar for a terminal: `[#########-----------] 18/45 cycles`. Returns the
 * progress callback; `write` receives the line with a leading carriage return.
 */
export function createProgressBar(write: (text: string) => void, width = 30): (event: ProgressEvent) => void {
  let phase = '';
  return (event) => {
    if (event.type === 'phase-start') phase = event.phase;
    if (event.type !== 'step') return;
    const filled = Math.round((event.completed / event.total) * width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
    write(`\r[${bar}] ${event.completed}/${event.total} ${phase.padEnd(16)}`);
    if (event.completed === event.total) write('\n');
  };
}

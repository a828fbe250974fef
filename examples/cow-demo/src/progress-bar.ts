import type { ProgressEvent } from '@sow/core';

const MB = 1024 * 1024;

/**
 * A one-line text progress bar for a terminal: `[#########-----------] 18/45 cycles` for model calls, and
 * `[###---] 12.5/3467.0 MB unet/model.onnx` for downloads (the whole snapshot's bytes when known). Returns
 * the progress callback; `write` receives the line with a leading carriage return.
 */
export function createProgressBar(write: (text: string) => void, width = 30): (event: ProgressEvent) => void {
  let phase = '';
  const draw = (done: number, total: number, label: string) => {
    const filled = Math.round((total > 0 ? done / total : 1) * width);
    write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${label}`);
    if (done === total) write('\n');
  };
  return (event) => {
    if (event.type === 'phase-start') phase = event.phase;
    if (event.type === 'step')
      draw(event.completed, event.total, `${event.completed}/${event.total} ${phase.padEnd(16)}`);
    if (event.type === 'download' && event.total !== undefined) {
      const { loaded, total } = event.overall ?? { loaded: event.loaded, total: event.total };
      const file = event.location.split('/').slice(-2).join('/');
      draw(loaded, total, `${(loaded / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB ${file.padEnd(24)}`);
    }
  };
}

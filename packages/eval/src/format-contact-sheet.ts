import { escapeHtml } from './escape-html.js';
import { formatNumber } from './format-number.js';
import type { PixelBox } from './pixel-box.js';
import type { ReportInput } from './report-input.js';

/** Displayed width of each image, CSS pixels. */
const SIZE = 192;

/** An absolutely placed outline over an image drawn `scale` times its pixel size. */
function outline(box: PixelBox, scale: number, cls: string): string {
  const s = (v: number) => Math.round(v * scale);
  return `<div class="${cls}" style="left:${s(box.x)}px;top:${s(box.y)}px;width:${s(box.width)}px;height:${s(box.height)}px"></div>`;
}

/**
 * `report.html`: a contact sheet people can scroll, one row per image: condition | generated | generated
 * with the detected face (solid) and the condition box (dashed) | the numbers. Paths are relative to the
 * output folder, where the file is written.
 */
export function formatContactSheet(input: ReportInput): string {
  const metrics = new Map(input.metrics.map((m) => [m.id, m]));
  const rows = input.records.map((r) => {
    const m = metrics.get(r.id);
    const canvas = (r.config as { canvasWidth?: number; width?: number } | undefined) ?? {};
    const scale = SIZE / (canvas.canvasWidth ?? canvas.width ?? SIZE);
    const boxes = [
      r.box === undefined ? '' : outline(r.box, scale, 'cond'),
      m?.face === undefined ? '' : outline(m.face.box, scale, 'face'),
    ].join('');
    const numbers = [
      `faces ${m?.faceCount ?? '–'}${m?.face?.inBox === undefined ? '' : m.face.inBox ? ' (in box)' : ' (outside box)'}`,
      `ID distance ${formatNumber(m?.idDistance)}`,
      `cosine ${formatNumber(m?.idCosine)}`,
      `PSNR ${formatNumber(m?.psnr, 2)} dB, SSIM ${formatNumber(m?.ssim)}`,
      `${formatNumber(r.timings.totalMs / 1000, 2)} s`,
    ];
    return `<tr><td><img src="${escapeHtml(r.conditionImage)}" alt="condition"></td><td><img src="${escapeHtml(r.image)}" alt="generated"></td><td><div class="wrap"><img src="${escapeHtml(r.image)}" alt="detected">${boxes}</div></td><td><b>${escapeHtml(r.methodLabel)}</b><br>${escapeHtml(r.prompt)} (seed ${escapeHtml(String(r.seed))})<br>${numbers.map(escapeHtml).join('<br>')}</td></tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.experiment)}: contact sheet</title>
<style>
body{font:14px system-ui,sans-serif;margin:16px}table{border-collapse:collapse}td{border-bottom:1px solid #ddd;padding:6px;vertical-align:top}
img{width:${SIZE}px;height:${SIZE}px;object-fit:contain;display:block}.wrap{position:relative;width:${SIZE}px;height:${SIZE}px}
.face{position:absolute;border:2px solid #0c0;box-sizing:border-box}.cond{position:absolute;border:2px dashed #f80;box-sizing:border-box}
</style></head><body>
<h1>${escapeHtml(input.experiment)}: contact sheet</h1>
<p>Face models: ${escapeHtml(input.analyzer)} (not the paper's MTCNN + FaceNet). Solid green: the detected face compared with the condition; dashed orange: the condition box.</p>
<table><thead><tr><th>condition</th><th>generated</th><th>detected face</th><th>numbers</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
}

import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { CowLevel, CowOp } from './cow-op.js';

/** Options of {@link cowScheduleSvg}. */
export interface CowScheduleSvgOptions {
  /** Title drawn above the timeline. Default none. */
  readonly title?: string;
  /** Width of one op's column in pixels (positive). Default 10. */
  readonly opWidth?: number;
  /** Height of the plot area in pixels (positive). Default 260. */
  readonly plotHeight?: number;
}

const FN = 'cowScheduleSvg';
const LEFT = 56;
const RIGHT = 16;
const TOP = 72;
/** Approximate width of one label character in pixels. */
const CHAR = 6;
const BOTTOM = 64;

const STYLE = [
  'text{font-family:system-ui,sans-serif;font-size:11px;fill:#333}',
  '.title{font-size:14px;font-weight:600}',
  '.band{fill:#f3f4f6}.band.alt{fill:#e5e7eb}',
  '.grid{stroke:#d1d5db;stroke-width:1}',
  '.op{fill:none;stroke-width:2.5;stroke-linecap:round}',
  '.invert.condition{stroke:#2563eb}.invert.canvas{stroke:#0d9488}',
  '.renoise{stroke:#dc2626;stroke-dasharray:4 3}',
  '.denoise.cycle{stroke:#ea580c}.denoise.final{stroke:#16a34a}',
  'circle.replace{fill:#7c3aed;stroke:none}circle.replace.preserve{fill:#db2777}',
  'rect.decode{fill:#111827}',
].join('');

const LEGEND: readonly (readonly [string, string])[] = [
  ['invert condition', 'line op invert condition'],
  ['invert canvas', 'line op invert canvas'],
  ['renoise jump', 'line op renoise'],
  ['cycle step (G2)', 'line op denoise cycle'],
  ['final step (CFG)', 'line op denoise final'],
  ['one-way replace', 'circle op replace one-way'],
  ['preserve', 'circle op replace preserve'],
  ['decode', 'rect op decode'],
];

const fmt = (v: number): string => String(Math.round(v * 100) / 100);
const escapeXml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(FN, `options.${name}`, 'a positive number of pixels', value);
  }
  return value;
}

/** Every noise level an op names (the y range of the picture). */
function levelsOf(op: CowOp): CowLevel[] {
  if (op.kind === 'replace') return [op.level];
  if (op.kind === 'decode') return [];
  return [op.fromLevel, op.toLevel];
}

/** Phase bands: consecutive ops with the same phase and cycle, with their label. */
function bands(ops: readonly CowOp[]): { start: number; end: number; label: string }[] {
  const out: { start: number; end: number; label: string }[] = [];
  for (const [i, op] of ops.entries()) {
    const cycle = 'cycle' in op && op.phase === 'cycles' ? op.cycle : undefined;
    const label = cycle === undefined ? op.phase.replace('-', ' ') : `cycle ${cycle}`;
    const last = out[out.length - 1];
    if (last !== undefined && last.label === label) last.end = i + 1;
    else out.push({ start: i, end: i + 1, label });
  }
  return out;
}

/**
 * Draws a COW plan as an SVG timeline (a string; no DOM needed, so it runs in browsers and Node): one
 * column per op, the noise level on the vertical axis, inversion steps rising, renoise jumps dashed,
 * cycle and final denoising steps falling, replacements as dots at the stored level they write, the
 * decode at the end, and a band per phase and per cycle. Levels are drawn where the plan says they are
 * (a jump between one op's `toLevel` and the next op's `fromLevel` shows as a gap). Each op's mark
 * carries `data-index` and `data-kind` attributes.
 * @throws InvalidArgumentError when `ops` is not a non-empty array of COW ops or an option is not positive.
 * @see spec section 3.6-3.9 (the plans it draws)
 * @example
 * const svg = cowScheduleSvg(cowSchedule(resolveCowConfig('reference')), { title: 'reference preset' });
 */
export function cowScheduleSvg(ops: readonly CowOp[], options: CowScheduleSvgOptions = {}): string {
  if (!Array.isArray(ops) || ops.length === 0) {
    throw new InvalidArgumentError(FN, 'ops', 'a non-empty array of COW ops', ops);
  }
  for (const [i, op] of ops.entries()) {
    const kind = (op as { kind?: unknown } | undefined)?.kind;
    if (!['invert', 'renoise', 'denoise', 'replace', 'decode'].includes(kind as string)) {
      throw new InvalidArgumentError(
        FN,
        `ops[${i}].kind`,
        'invert, renoise, denoise, replace or decode',
        kind,
      );
    }
  }
  const step = positive('opWidth', options.opWidth, 10);
  const plotHeight = positive('plotHeight', options.plotHeight, 260);
  const levels = ops.flatMap(levelsOf);
  const low = Math.min(0, Math.floor(Math.min(...levels, 0) / 100) * 100);
  const high = Math.max(100, Math.ceil(Math.max(...levels, 0) / 100) * 100);
  const tick = high - low > 1000 ? 200 : 100;
  const plotWidth = ops.length * step;
  const width = LEFT + plotWidth + RIGHT;
  const height = TOP + plotHeight + BOTTOM;
  const x = (i: number): number => LEFT + i * step;
  const y = (level: number): number => TOP + ((high - level) / (high - low)) * plotHeight;

  const parts: string[] = [];
  for (const [k, band] of bands(ops).entries()) {
    const w = (band.end - band.start) * step;
    parts.push(
      `<rect class="band${k % 2 === 1 ? ' alt' : ''}" x="${fmt(x(band.start))}" y="${TOP}" width="${fmt(w)}" height="${fmt(plotHeight)}"/>`,
    );
    const cx = x(band.start) + w / 2;
    const words = band.label.split(' ');
    if (w >= band.label.length * CHAR) {
      parts.push(`<text x="${fmt(cx)}" y="${TOP - 6}" text-anchor="middle">${escapeXml(band.label)}</text>`);
    } else if (Math.max(...words.map((word) => word.length)) * CHAR <= w) {
      const lines = words.map(
        (word, n) => `<tspan x="${fmt(cx)}" dy="${n === 0 ? 0 : 13}">${escapeXml(word)}</tspan>`,
      );
      parts.push(
        `<text y="${TOP - 6 - 13 * (words.length - 1)}" text-anchor="middle">${lines.join('')}</text>`,
      );
    } else {
      // Too narrow even for one word: one row higher, ending at the band's right edge.
      parts.push(
        `<text x="${fmt(x(band.end))}" y="${TOP - 32}" text-anchor="end">${escapeXml(band.label)}</text>`,
      );
    }
  }
  for (let level = Math.ceil(low / tick) * tick; level <= high; level += tick) {
    parts.push(
      `<g class="tick"><line class="grid" x1="${LEFT}" y1="${fmt(y(level))}" x2="${fmt(LEFT + plotWidth)}" y2="${fmt(y(level))}"/><text x="${LEFT - 6}" y="${fmt(y(level) + 4)}" text-anchor="end">${level}</text></g>`,
    );
  }
  parts.push(
    `<text x="14" y="${fmt(TOP + plotHeight / 2)}" text-anchor="middle" transform="rotate(-90 14 ${fmt(TOP + plotHeight / 2)})">noise level</text>`,
  );
  let lastLevel = 0;
  for (const [i, op] of ops.entries()) {
    const data = `data-index="${i}" data-kind="${op.kind}"`;
    if (op.kind === 'replace') {
      parts.push(
        `<circle class="op replace ${op.purpose}" ${data} cx="${fmt(x(i) + step / 2)}" cy="${fmt(y(op.level))}" r="${fmt(Math.min(4, step / 2))}"/>`,
      );
    } else if (op.kind === 'decode') {
      const s = Math.min(8, step);
      parts.push(
        `<rect class="op decode" ${data} x="${fmt(x(i) + (step - s) / 2)}" y="${fmt(y(lastLevel) - s / 2)}" width="${fmt(s)}" height="${fmt(s)}"/>`,
      );
    } else {
      const cls =
        op.kind === 'invert'
          ? `invert ${op.target}`
          : op.kind === 'denoise'
            ? `denoise ${op.guidance}`
            : 'renoise';
      parts.push(
        `<line class="op ${cls}" ${data} x1="${fmt(x(i))}" y1="${fmt(y(op.fromLevel))}" x2="${fmt(x(i + 1))}" y2="${fmt(y(op.toLevel))}"/>`,
      );
      if (!(op.kind === 'invert' && op.target === 'condition')) lastLevel = op.toLevel;
    }
  }
  const legendY = TOP + plotHeight + 24;
  for (const [k, [label, shape]] of LEGEND.entries()) {
    const lx = LEFT + (k % 4) * 150;
    const ly = legendY + Math.floor(k / 4) * 18;
    const [tag, ...cls] = shape.split(' ');
    const mark =
      tag === 'line'
        ? `<line class="${cls.join(' ')}" x1="${lx}" y1="${ly}" x2="${lx + 18}" y2="${ly}"/>`
        : tag === 'circle'
          ? `<circle class="${cls.join(' ')}" cx="${lx + 9}" cy="${ly}" r="4"/>`
          : `<rect class="${cls.join(' ')}" x="${lx + 5}" y="${ly - 4}" width="8" height="8"/>`;
    parts.push(`<g class="legend">${mark}<text x="${lx + 24}" y="${ly + 4}">${label}</text></g>`);
  }
  const title =
    options.title === undefined
      ? ''
      : `<text class="title" x="${LEFT}" y="18">${escapeXml(options.title)}</text>`;
  const legendWidth = LEFT + 4 * 150;
  const w = Math.max(width, legendWidth);
  const label = escapeXml(options.title ?? `COW plan: noise level per operation, ${ops.length} operations`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(w)}" height="${fmt(height)}" viewBox="0 0 ${fmt(w)} ${fmt(height)}" role="img" aria-label="${label}">`,
    `<title>${label}</title>`,
    `<style>${STYLE}</style>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    title,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

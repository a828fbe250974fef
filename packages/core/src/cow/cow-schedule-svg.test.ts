import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { CowOp } from './cow-op.js';
import { COW_PRESETS, type CowPresetName } from './cow-presets.js';
import { cowSchedule } from './cow-schedule.js';
import { cowScheduleSvg } from './cow-schedule-svg.js';
import { resolveCowConfig } from './resolve-cow-config.js';

const num = (s: string | undefined): number => Number(s);

/** Reads the picture back: the axis (tick label → y) and every op mark with its coordinates. */
function readSvg(svg: string) {
  const ticks = [
    ...svg.matchAll(
      /<g class="tick"><line class="grid" [^>]*y1="([-\d.]+)"[^>]*\/><text [^>]*>(-?\d+)<\/text><\/g>/g,
    ),
  ].map((m) => ({ y: num(m[1]), level: num(m[2]) }));
  const lines = [
    ...svg.matchAll(
      /<line class="op [^"]*" data-index="(\d+)" data-kind="(\w+)" x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)" y2="([-\d.]+)"\/>/g,
    ),
  ].map((m) => ({
    index: num(m[1]),
    kind: m[2],
    x1: num(m[3]),
    y1: num(m[4]),
    x2: num(m[5]),
    y2: num(m[6]),
  }));
  const dots = [
    ...svg.matchAll(
      /<circle class="op replace [^"]*" data-index="(\d+)" data-kind="replace" cx="([-\d.]+)" cy="([-\d.]+)"/g,
    ),
  ].map((m) => ({ index: num(m[1]), cx: num(m[2]), cy: num(m[3]) }));
  return { ticks, lines, dots };
}

/** The level at height `y`, interpolated from the picture's own tick labels. */
function levelAt(ticks: readonly { y: number; level: number }[], y: number): number {
  const [a, b] = [ticks[0]!, ticks[ticks.length - 1]!];
  return a.level + ((y - a.y) / (b.y - a.y)) * (b.level - a.level);
}

function expectDrawnLevels(ops: readonly CowOp[]): void {
  const { ticks, lines, dots } = readSvg(cowScheduleSvg(ops));
  expect(ticks.length).toBeGreaterThanOrEqual(3);
  // The axis is linear: every tick sits where the first and last put it.
  for (const t of ticks) expect(levelAt(ticks, t.y)).toBeCloseTo(t.level, 1);
  const moving = [...ops.entries()].filter(([, op]) => op.kind !== 'replace' && op.kind !== 'decode');
  expect(lines.map((l) => l.index)).toEqual(moving.map(([i]) => i));
  for (const line of lines) {
    const op = ops[line.index] as Extract<CowOp, { fromLevel: number }>;
    expect(line.kind).toBe(op.kind);
    expect(levelAt(ticks, line.y1)).toBeCloseTo(op.fromLevel, 0);
    expect(levelAt(ticks, line.y2)).toBeCloseTo(op.toLevel, 0);
  }
  const replaces = [...ops.entries()].filter(([, op]) => op.kind === 'replace');
  expect(dots.map((d) => d.index)).toEqual(replaces.map(([i]) => i));
  for (const dot of dots) {
    const op = ops[dot.index] as Extract<CowOp, { kind: 'replace' }>;
    expect(levelAt(ticks, dot.cy)).toBeCloseTo(op.level, 0);
  }
  // Ops are drawn left to right in plan order, one column each.
  const xs = [...lines.map((l) => [l.index, l.x1] as const), ...dots.map((d) => [d.index, d.cx] as const)]
    .sort((p, q) => p[0] - q[0])
    .map(([, xv]) => xv);
  for (let k = 1; k < xs.length; k++) expect(xs[k]!).toBeGreaterThan(xs[k - 1]!);
}

describe('cowScheduleSvg', () => {
  it.each(Object.keys(COW_PRESETS) as CowPresetName[])('draws the levels of the %s plan', (preset) => {
    expectDrawnLevels(cowSchedule(resolveCowConfig(preset, { cycles: 3 })));
  });

  it('draws an edited plan as it is, jumps included', () => {
    const ops = cowSchedule(resolveCowConfig('normal', { cycles: 2 })).map((op) =>
      op.kind === 'renoise' ? { ...op, toLevel: 901 } : op,
    );
    expectDrawnLevels(ops);
    expect(cowScheduleSvg(ops)).toContain('>1000<'); // the axis grows to the jump
  });

  it('escapes the title and rejects what is not a plan', () => {
    const ops = cowSchedule(resolveCowConfig('normal', { cycles: 1 }));
    expect(cowScheduleSvg(ops, { title: 'a <b> & "c"' })).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(() => cowScheduleSvg([])).toThrow(InvalidArgumentError);
    expect(() => cowScheduleSvg([{ kind: 'jump' } as unknown as CowOp])).toThrow(/ops\[0\]\.kind must be/);
    expect(() => cowScheduleSvg(ops, { opWidth: 0 })).toThrow(/options\.opWidth must be a positive number/);
  });
});

import type { ExperimentMethod } from './experiment-spec.js';
import { formatInterval, formatNumber } from './format-number.js';
import type { MethodSummary } from './method-summary.js';
import type { ReportInput } from './report-input.js';

/** ✓ or ✗. */
const mark = (on: boolean) => (on ? '✓' : '✗');

/** A Markdown table. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * `report.md`: the experiment's numbers laid out like the paper's tables. Table I compares methods
 * (face detection rate, ID distance, human preferences, time per image; plus PSNR/SSIM inside the box);
 * Table II the SOW ablation of AP, DAM and PI; Table III the SOW variants with changed modulation constants.
 * @example
 * await writeFile('report.md', formatReportMarkdown(input));
 */
export function formatReportMarkdown(input: ReportInput): string {
  const methods = new Map<string, ExperimentMethod>();
  for (const r of input.records) methods.set(r.methodLabel, r.method);
  const byLabel = new Map(input.summaries.map((s) => [s.methodLabel, s]));
  const second = input.secondDetector !== undefined;
  const tableOne = table(
    [
      'Method',
      'Images',
      'Face detection rate ↑',
      ...(second ? ['Face detection rate, second detector ↑'] : []),
      'Face in box',
      'ID distance mean ↓',
      'ID distance median ↓',
      'Cosine similarity ↑',
      'PSNR in box (dB)',
      'SSIM in box',
      'Condition consistency ↑',
      'General fidelity ↑',
      'Time per image (s)',
    ],
    input.summaries.map((s) => [
      s.methodLabel,
      String(s.images),
      formatInterval(s.detectionRate, 1, true),
      ...(second ? [formatInterval(s.secondDetectionRate, 1, true)] : []),
      formatInterval(s.inBoxRate, 1, true),
      formatInterval(s.idDistanceMean),
      formatInterval(s.idDistanceMedian),
      formatInterval(s.idCosineMean),
      formatNumber(s.psnrMean, 2),
      formatNumber(s.ssimMean, 3),
      formatInterval(s.consistencyWins, 1, true),
      formatInterval(s.fidelityWins, 1, true),
      formatNumber(s.secondsPerImage, 2),
    ]),
  );
  const sow = [...methods.entries()].flatMap(([label, m]) => (m.kind === 'sow' ? [{ label, m }] : []));
  const ablation = sow.filter(({ m }) => m.attention === undefined).sort((a, b) => count(a.m) - count(b.m));
  const row = (s: MethodSummary | undefined) => [
    formatInterval(s?.idDistanceMean),
    formatInterval(s?.failureRate, 1, true),
    formatInterval(s?.detectionRate, 1, true),
  ];
  const tableTwo = table(
    ['AP', 'DAM', 'PI', 'ID distance ↓', 'Failure rate ↓', 'Face detection rate ↑'],
    ablation.map(({ label, m }) =>
      m.kind === 'sow'
        ? [
            mark(m.switches.adaptivePosition),
            mark(m.switches.attentionModulation),
            mark(m.switches.promptIntensification),
            ...row(byLabel.get(label)),
          ]
        : [],
    ),
  );
  const variants = sow.filter(({ m }) => m.attention !== undefined);
  const tableThree = table(
    ['Variant', 'Modulation constants changed', 'ID distance ↓', 'Failure rate ↓', 'Face detection rate ↑'],
    variants.map(({ label, m }) => [
      label,
      m.kind === 'sow' ? JSON.stringify(m.attention) : '',
      ...row(byLabel.get(label)),
    ]),
  );
  return [
    `# ${input.experiment}: report`,
    '',
    `Face models: ${input.analyzer}. Identity distance: ${input.distanceName}; cosine similarity of the same descriptors as a second column.${second ? ` Second detector: ${input.secondDetector}.` : ''}`,
    "**These are not the paper's MTCNN + FaceNet**, so absolute numbers are not comparable with the paper's; compare the methods with each other.",
    'Intervals are 95%: Wilson score intervals for rates, seeded percentile bootstrap for means and medians. Failure rate and the two preference criteria come from human votes (`labels.json`); `–` where there are none.',
    '',
    '## Table I: comparison of methods',
    '',
    tableOne,
    '',
    '## Table II: ablation of adaptive position (AP), dynamic attention modulation (DAM), prompt intensification (PI)',
    '',
    ablation.length === 0 ? 'No SOW ablation methods in this experiment.' : tableTwo,
    '',
    '## Table III: dynamic attention modulation variants',
    '',
    variants.length === 0
      ? 'No SOW variants with changed modulation constants in this experiment.'
      : tableThree,
    '',
  ].join('\n');
}

/** Switches on, for ordering Table II like the paper (fewest first). */
function count(m: ExperimentMethod): number {
  return m.kind === 'sow'
    ? [m.switches.adaptivePosition, m.switches.attentionModulation, m.switches.promptIntensification].filter(
        Boolean,
      ).length
    : 0;
}

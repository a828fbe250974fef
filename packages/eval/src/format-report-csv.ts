import type { Interval } from './interval.js';
import type { MethodSummary } from './method-summary.js';

/** Column names of `report.csv`, one row per method. */
export const REPORT_CSV_COLUMNS: readonly string[] = [
  'method',
  'images',
  ...['detection_rate', 'second_detection_rate', 'in_box_rate'].flatMap((n) => [n, `${n}_low`, `${n}_high`]),
  'id_images',
  ...['id_distance_mean', 'id_distance_median', 'id_cosine_mean'].flatMap((n) => [
    n,
    `${n}_low`,
    `${n}_high`,
  ]),
  'psnr_mean',
  'ssim_mean',
  'seconds_per_image',
  ...['failure_rate', 'consistency_wins', 'fidelity_wins'].flatMap((n) => [
    n,
    `${n}_low`,
    `${n}_high`,
    `${n}_judged`,
  ]),
];

/** A CSV field: numbers in full precision, empty for missing, text quoted. */
function field(value: number | string | undefined): string {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
  return typeof value === 'number' ? String(value) : `"${value.replace(/"/g, '""')}"`;
}

/** Value, low and high of an interval. */
const triple = (i: Interval | undefined) => [i?.value, i?.low, i?.high];

/**
 * `report.csv`: one row per method with every aggregate of {@link MethodSummary} in full precision
 * (columns {@link REPORT_CSV_COLUMNS}), for spreadsheets and scripts.
 */
export function formatReportCsv(summaries: readonly MethodSummary[]): string {
  const rows = summaries.map((s) =>
    [
      s.methodLabel,
      s.images,
      ...triple(s.detectionRate),
      ...triple(s.secondDetectionRate),
      ...triple(s.inBoxRate),
      s.idImages,
      ...triple(s.idDistanceMean),
      ...triple(s.idDistanceMedian),
      ...triple(s.idCosineMean),
      s.psnrMean,
      s.ssimMean,
      s.secondsPerImage,
      ...[s.failureRate, s.consistencyWins, s.fidelityWins].flatMap((i) => [...triple(i), i?.judged]),
    ]
      .map(field)
      .join(','),
  );
  return `${[REPORT_CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

import { join } from 'node:path';
import { formatContactSheet } from './format-contact-sheet.js';
import { formatReportCsv } from './format-report-csv.js';
import { formatReportMarkdown } from './format-report-markdown.js';
import type { ReportInput } from './report-input.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Writes `report.md` (tables like the paper's I-III), `report.csv` (one row per method) and `report.html`
 * (the contact sheet) into `outDir`, each atomically; returns their paths.
 * @example
 * await writeReport('runs/faces', { experiment, analyzer: faces.name, distanceName: faces.distanceName, records, metrics, summaries });
 */
export async function writeReport(outDir: string, input: ReportInput): Promise<string[]> {
  const files: [string, string][] = [
    ['report.md', formatReportMarkdown(input)],
    ['report.csv', formatReportCsv(input.summaries)],
    ['report.html', formatContactSheet(input)],
  ];
  for (const [name, text] of files) await writeFileAtomic(join(outDir, name), text);
  return files.map(([name]) => join(outDir, name));
}

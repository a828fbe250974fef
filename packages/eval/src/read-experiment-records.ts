import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExperimentRecord } from './experiment-record.js';

/** Reads every finished job's record of an experiment output folder, sorted by id. */
export async function readExperimentRecords(outDir: string): Promise<ExperimentRecord[]> {
  const files = (await readdir(join(outDir, 'records'))).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(
      async (f) => JSON.parse(await readFile(join(outDir, 'records', f), 'utf8')) as ExperimentRecord,
    ),
  );
}

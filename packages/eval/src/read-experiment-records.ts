import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@sow/core';
import type { ExperimentRecord } from './experiment-record.js';

/**
 * Reads every finished job's record of an experiment output folder, sorted by id.
 * @throws InvalidArgumentError when `outDir` has no `records/` folder (not an experiment output folder).
 */
export async function readExperimentRecords(outDir: string): Promise<ExperimentRecord[]> {
  let files: string[];
  try {
    files = (await readdir(join(outDir, 'records'))).filter((f) => f.endsWith('.json')).sort();
  } catch (cause) {
    throw new InvalidArgumentError(
      'readExperimentRecords',
      'outDir',
      'an experiment output folder with a records/ folder (run generate first)',
      outDir,
      { cause },
    );
  }
  return Promise.all(
    files.map(
      async (f) => JSON.parse(await readFile(join(outDir, 'records', f), 'utf8')) as ExperimentRecord,
    ),
  );
}

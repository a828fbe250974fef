import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelVotes } from './label-votes.js';

/** Reads `<outDir>/labels.json`; empty votes when there is no such file yet. */
export async function readLabelVotes(outDir: string): Promise<LabelVotes> {
  try {
    return JSON.parse(await readFile(join(outDir, 'labels.json'), 'utf8')) as LabelVotes;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { truncation: [], pairs: [] };
    throw error;
  }
}

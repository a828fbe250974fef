import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `data` to `path` through a temporary file in the same folder and a rename, so readers (and a
 * resumed run) see either the old file or the whole new one, never half of it.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

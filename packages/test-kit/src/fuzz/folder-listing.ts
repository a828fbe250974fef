import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file and folder under `dir` as `<relative path> <size> <mtime ms>`, sorted: compare two listings to
 * check that code under test wrote nothing into a folder.
 * @example
 * const before = await folderListing(modelDir); await load(modelDir); expect(await folderListing(modelDir)).toEqual(before);
 */
export async function folderListing(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  const rows = await Promise.all(
    names.map(async (name) => {
      const info = await stat(join(dir, name));
      return `${name} ${info.size} ${info.mtimeMs}`;
    }),
  );
  return rows.sort();
}

import { stat } from 'node:fs/promises';
import { ModelLoadError } from '@sow/core';

/** Why {@link requireFile} refuses a path, as `ModelLoadError` reasons. */
export interface RequireFileReasons {
  /** The path exists but is not a file. */
  readonly notFile: string;
  /** Nothing can be stat-ed at the path. */
  readonly missing: string;
}

/**
 * Stats a path that must name a file and returns its size; otherwise `ModelLoadError` naming the path
 * with one of `reasons`.
 */
export async function requireFile(
  path: string,
  reasons: RequireFileReasons = { notFile: 'it is not a file', missing: 'file not found' },
): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ModelLoadError(path, reasons.notFile);
    return info.size;
  } catch (cause) {
    if (ModelLoadError.isInstance(cause)) throw cause;
    throw new ModelLoadError(path, reasons.missing, { cause });
  }
}

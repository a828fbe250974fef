import { ModelLoadError } from '../errors/model-load-error.js';
import type { ModelFolder } from './model-folder.js';

/** The full location of a file in a folder, for error messages (`<folder>/<relative path>`). */
export function folderPath(folder: ModelFolder, relativePath: string): string {
  return folder.location.endsWith('/')
    ? `${folder.location}${relativePath}`
    : `${folder.location}/${relativePath}`;
}

/**
 * Reads and parses a JSON object from a model folder. A missing file rejects (from the folder) with
 * `ModelLoadError` naming the path; text that is not a JSON object rejects with one too.
 */
export async function readJson(folder: ModelFolder, relativePath: string): Promise<Record<string, unknown>> {
  const text = await folder.readText(relativePath);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelLoadError(folderPath(folder, relativePath), 'the file is not valid JSON', {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelLoadError(folderPath(folder, relativePath), 'the file must hold a JSON object');
  }
  return value as Record<string, unknown>;
}

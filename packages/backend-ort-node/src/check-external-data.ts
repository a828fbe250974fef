import { join } from 'node:path';
import { ModelLoadError } from '@sow/core';
import { decodeModel, externalDataExtents, isLocalDataLocation } from '@sow/onnx-graph';
import { requireFile } from './require-file.js';

/**
 * Checks the external weights a graph reads from `dir`: every `location` stays inside `dir`, names a file
 * that exists, and the file is long enough for every initializer's `offset + length`. Used to explain a
 * failed load naming the weights file (ONNX Runtime's own message names neither the file nor the folder).
 * @param graph - The `.onnx` bytes.
 * @param graphLabel - The graph's path or a description, for messages.
 * @param dir - The folder the weights are resolved in.
 * @throws ModelLoadError naming the graph (invalid protobuf, a location leaving the folder) or the weights
 * file (missing, not a file, truncated).
 */
export async function checkExternalData(graph: Uint8Array, graphLabel: string, dir: string): Promise<void> {
  let extents: ReturnType<typeof externalDataExtents>;
  try {
    extents = externalDataExtents(decodeModel(graph));
  } catch (cause) {
    throw new ModelLoadError(graphLabel, 'it is not a valid ONNX protobuf', { cause });
  }
  for (const { location, end, tensor } of extents) {
    if (!isLocalDataLocation(location)) {
      throw new ModelLoadError(
        graphLabel,
        `external data location ${JSON.stringify(location)} of initializer ${tensor} must be a path inside the graph's folder`,
      );
    }
    const path = join(dir, location);
    const size = await requireFile(path, {
      notFile: 'the external weights path is not a file',
      missing: `the external weights file of ${graphLabel} is missing`,
    });
    if (Number.isNaN(end)) {
      throw new ModelLoadError(
        graphLabel,
        `initializer ${tensor} must have a non-negative integer offset and length in ${location}`,
      );
    }
    if (size < end) {
      throw new ModelLoadError(
        path,
        `the external weights file is truncated: initializer ${tensor} needs ${end} bytes, the file has ${size} (an interrupted download?)`,
      );
    }
  }
}

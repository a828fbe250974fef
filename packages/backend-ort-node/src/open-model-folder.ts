import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { InvalidArgumentError, type ModelFolder, ModelLoadError, type ModelSource } from '@sow/core';

/** Joins a relative path onto the folder, refusing absolute paths and paths that leave the folder. */
function insideRoot(root: string, relativePath: string): string {
  const clean = typeof relativePath === 'string' ? normalize(relativePath) : '';
  if (clean === '' || isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`)) {
    throw new InvalidArgumentError(
      'ModelFolder',
      'relativePath',
      'a path inside the model folder',
      relativePath,
    );
  }
  return join(root, clean);
}

/** Stats a path, or `undefined` when it does not exist. */
async function statOrUndefined(path: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/** Reads a file or rejects with `ModelLoadError` naming its full path. */
async function readOrThrow(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    throw new ModelLoadError(path, code === 'ENOENT' ? 'file not found' : 'the file cannot be read', {
      cause,
    });
  }
}

/** Options of {@link openModelFolder}. */
export interface OpenModelFolderOptions {
  /**
   * Files to read under another name, by the path the loader asks for, e.g. `{ 'unet/model.onnx':
   * 'unet/model_fp16.onnx' }` for a folder holding both precisions (`downloadHubModel` returns these).
   */
  readonly aliases?: Readonly<Record<string, string>>;
}

/**
 * Opens a Stable Diffusion folder in the diffusers/Optimum layout on the local file system as core's
 * {@link ModelFolder}, so core's loaders can read its configs, tokenizer files and models. A missing
 * folder throws, and a missing file rejects, with `ModelLoadError` naming the full path.
 * @example
 * const folder = openModelFolder('./models/stable-diffusion-2-1-base-onnx');
 * const index = JSON.parse(await folder.readText('model_index.json'));
 * const unet = await backend.loadSession(await folder.modelSource('unet/model.onnx'));
 */
export function openModelFolder(dir: string, options: OpenModelFolderOptions = {}): ModelFolder {
  if (typeof dir !== 'string' || dir === '') {
    throw new InvalidArgumentError('openModelFolder', 'dir', 'a folder path', dir);
  }
  const root = resolve(dir);
  let isFolder = false;
  try {
    isFolder = statSync(root).isDirectory();
  } catch (cause) {
    throw new ModelLoadError(root, 'folder not found', { cause });
  }
  if (!isFolder) throw new ModelLoadError(root, 'it is not a folder');
  const aliases = options.aliases ?? {};
  const inside = (relativePath: string) => insideRoot(root, aliases[relativePath] ?? relativePath);

  return {
    location: root,
    async exists(relativePath: string): Promise<boolean> {
      return (await statOrUndefined(inside(relativePath))) !== undefined;
    },
    async readText(relativePath: string): Promise<string> {
      return (await readOrThrow(inside(relativePath))).toString('utf8');
    },
    async readBytes(relativePath: string): Promise<Uint8Array> {
      const bytes = await readOrThrow(inside(relativePath));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async modelSource(relativePath: string): Promise<ModelSource> {
      const path = inside(relativePath);
      const info = await statOrUndefined(path);
      if (info === undefined) throw new ModelLoadError(path, 'file not found');
      if (!info.isFile()) throw new ModelLoadError(path, 'it is not a file');
      return { location: path };
    },
  };
}

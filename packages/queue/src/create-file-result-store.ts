import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '@sow/core';
import type { GenerationRecord } from './generation-record.js';
import { checkJobId } from './job-id.js';
import type { PutResultOutcome, ResultStore } from './result-store.js';
import { sha256Hex } from './sha256-hex.js';

const FN = 'createFileResultStore';
const INPUT_KEY = /^[0-9a-f]{64}$/;

/** `undefined` when the file does not exist; other errors propagate. */
async function readOrUndefined(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes `bytes` to `path` through a private temporary file renamed into place: never half-written. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/**
 * The default {@link ResultStore}: a folder shared by API processes and workers (local disk, NFS).
 * Inputs live at `inputs/<sha256>`, results at `results/<id>/<sha256>.png` with `results/<id>/record.json`.
 * The image is written first; the record is hard-linked into place from a private temporary file, which
 * is atomic and fails if a record exists, so the first writer wins and a reader never sees a partial file.
 * @param root - The folder; created when missing.
 * @example
 * const store = createFileResultStore('/srv/sow-results');
 * const record = await store.getRecord(jobId);
 */
export function createFileResultStore(root: string): ResultStore {
  if (typeof root !== 'string' || root === '') {
    throw new InvalidArgumentError(FN, 'root', 'a folder path', root);
  }
  const inputs = join(root, 'inputs');
  const results = join(root, 'results');
  const recordPath = (id: string) => join(results, id, 'record.json');
  const getRecord = async (id: string): Promise<GenerationRecord | undefined> => {
    const text = await readOrUndefined(recordPath(checkJobId('ResultStore.getRecord', 'id', id)));
    return text === undefined ? undefined : (JSON.parse(text.toString('utf8')) as GenerationRecord);
  };
  return {
    async putInput(bytes) {
      const key = sha256Hex(bytes);
      await mkdir(inputs, { recursive: true });
      await writeAtomically(join(inputs, key), bytes);
      return key;
    },
    async getInput(key) {
      if (typeof key !== 'string' || !INPUT_KEY.test(key)) {
        throw new InvalidArgumentError(
          'ResultStore.getInput',
          'key',
          'a key from putInput (64 hex digits)',
          key,
        );
      }
      const bytes = await readOrUndefined(join(inputs, key));
      return bytes === undefined ? undefined : new Uint8Array(bytes);
    },
    async putResult(id, png, record): Promise<PutResultOutcome> {
      const dir = join(results, checkJobId('ResultStore.putResult', 'id', id));
      await mkdir(dir, { recursive: true });
      const image = join(dir, `${record.image.sha256}.png`);
      await writeAtomically(image, png);
      const tmp = join(dir, `record.${randomUUID()}.tmp`);
      await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
      try {
        await link(tmp, recordPath(id));
        return { record, written: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const first = (await getRecord(id)) as GenerationRecord;
        if (first.image.sha256 !== record.image.sha256) await rm(image, { force: true });
        return { record: first, written: false };
      } finally {
        await unlink(tmp);
      }
    },
    getRecord,
    async getImage(id) {
      const record = await getRecord(id);
      if (record === undefined) return undefined;
      const bytes = await readOrUndefined(join(results, id, `${record.image.sha256}.png`));
      return bytes === undefined ? undefined : new Uint8Array(bytes);
    },
  };
}

import { InvalidArgumentError } from '@sow/core';
import type { GenerationRecord } from './generation-record.js';
import type { ImageInput } from './generation-request.js';

/** What {@link ResultStore.putResult} did. */
export interface PutResultOutcome {
  /** The record now stored: the caller's, or the one another writer stored first. */
  readonly record: GenerationRecord;
  /** False when a record for the id existed already (the first writer wins; nothing is replaced). */
  readonly written: boolean;
}

/**
 * Where workers put results and callers put large inputs; shared by every API process and worker (a
 * shared folder, an object store). Implement it for your storage; {@link createFileResultStore} is the
 * file-system default.
 */
export interface ResultStore {
  /** Stores input bytes (an upload) and returns their key, to pass as `{ key }` in a request. */
  putInput(bytes: Uint8Array): Promise<string>;
  /** The bytes stored under an input key, or `undefined`. */
  getInput(key: string): Promise<Uint8Array | undefined>;
  /**
   * Stores a result: the PNG first, then the record, atomically and only if no record exists for the id
   * (a job that ran twice after a stall is written once). Readers never see a record without its image.
   */
  putResult(id: string, png: Uint8Array, record: GenerationRecord): Promise<PutResultOutcome>;
  /** The record of a finished job, or `undefined`. */
  getRecord(id: string): Promise<GenerationRecord | undefined>;
  /** The PNG of a finished job, or `undefined`. */
  getImage(id: string): Promise<Uint8Array | undefined>;
}

/**
 * The bytes of an input image: inline bytes as they are, a store key's bytes from `store`.
 * @throws InvalidArgumentError naming `argument` for a key the store does not have.
 */
export async function readImageInput(
  store: ResultStore,
  input: ImageInput,
  fn: string,
  argument: string,
): Promise<Uint8Array> {
  if ('bytes' in input) return input.bytes;
  const bytes = await store.getInput(input.key);
  if (bytes === undefined)
    throw new InvalidArgumentError(fn, argument, 'the key of a stored input', input.key);
  return bytes;
}

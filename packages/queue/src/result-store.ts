import type { GenerationRecord } from './generation-record.js';

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

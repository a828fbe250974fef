import { createHash } from 'node:crypto';

/** The Hub's two file checksums: the LFS object id (sha256 of the bytes) and the git blob id. */
export interface HubFileHashes {
  /** Lower-case hex sha256 of the bytes, the LFS `oid` and the `X-Linked-Etag` of LFS files. */
  readonly sha256: string;
  /** Lower-case hex git blob id, sha1 of `blob <size>\0<bytes>`, the `oid` and `ETag` of small files. */
  readonly gitSha1: string;
}

/** Computes a file's {@link HubFileHashes} as git and Git LFS define them. */
export function hubFileHashes(bytes: Uint8Array): HubFileHashes {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    gitSha1: createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'),
  };
}

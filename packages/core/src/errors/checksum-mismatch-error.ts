import { SowError } from './sow-error.js';

/**
 * Thrown when a downloaded file's bytes do not hash to the checksum the server published for it (the LFS
 * sha256, or the git blob id of a small file); the bytes are deleted, never loaded.
 */
export class ChecksumMismatchError extends SowError {
  /** The file that failed, as the model id and path or URL. */
  readonly location: string;
  /** Which hash was compared: `sha256` (LFS files) or `git-sha1` (git blob id of small files). */
  readonly algorithm: 'sha256' | 'git-sha1';
  /** The published checksum, lower-case hex. */
  readonly expected: string;
  /** The checksum of the bytes that arrived, lower-case hex. */
  readonly received: string;

  /** Builds the message `Checksum mismatch for <location>: <algorithm> must be <expected>, got <received> ...`. */
  constructor(location: string, algorithm: 'sha256' | 'git-sha1', expected: string, received: string) {
    super(
      'CHECKSUM_MISMATCH',
      `Checksum mismatch for ${location}: ${algorithm} must be ${expected}, got ${received}; the downloaded bytes were deleted.`,
    );
    this.location = location;
    this.algorithm = algorithm;
    this.expected = expected;
    this.received = received;
  }
}

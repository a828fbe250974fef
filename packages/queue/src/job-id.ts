import { InvalidArgumentError } from '@sow/core';

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Checks a job id: 1-128 characters of letters, digits, `_`, `.`, `-`, starting with a letter or digit,
 * not all digits (BullMQ reserves integer ids for its own). Safe as a Redis key part and a file name.
 * @throws InvalidArgumentError naming `argument`.
 * @example
 * checkJobId('enqueue', 'jobId', 'order-1234'); // ok
 */
export function checkJobId(fn: string, argument: string, id: unknown): string {
  if (typeof id !== 'string' || !JOB_ID.test(id) || /^\d+$/.test(id)) {
    throw new InvalidArgumentError(
      fn,
      argument,
      '1-128 letters, digits, _ . - (starting with a letter or digit, not all digits)',
      id,
    );
  }
  return id;
}

import { describeValue, SowError } from './sow-error.js';

/** Thrown when a caller passes a value outside what a function accepts; names the function, argument and value. */
export class InvalidArgumentError extends SowError {
  /** The function or API that rejected the value. */
  readonly fn: string;
  /** The argument or config field, as a path such as `config.box[2]`. */
  readonly argument: string;
  /** What was expected, in words. */
  readonly expected: string;
  /** The rejected value. */
  readonly received: unknown;

  /** Builds the message `<fn>: <argument> must be <expected>, got <received>.` */
  constructor(
    fn: string,
    argument: string,
    expected: string,
    received: unknown,
    options?: { cause?: unknown },
  ) {
    super(
      'INVALID_ARGUMENT',
      `${fn}: ${argument} must be ${expected}, got ${describeValue(received)}.`,
      options,
    );
    this.fn = fn;
    this.argument = argument;
    this.expected = expected;
    this.received = received;
  }
}

import { SowError } from './sow-error.js';

/** Thrown when a tensor's shape differs from the shape an operation needs. */
export class ShapeMismatchError extends SowError {
  /** The function that checked the shape. */
  readonly fn: string;
  /** The tensor argument whose shape is wrong. */
  readonly argument: string;
  /** The expected shape, in words or as dims (`-1` = any). */
  readonly expected: string;
  /** The shape that was received. */
  readonly received: readonly number[];

  /** Builds the message `<fn>: <argument> must have shape <expected>, got [<received>].` */
  constructor(fn: string, argument: string, expected: string, received: readonly number[]) {
    super('SHAPE_MISMATCH', `${fn}: ${argument} must have shape ${expected}, got [${received.join(', ')}].`);
    this.fn = fn;
    this.argument = argument;
    this.expected = expected;
    this.received = received;
  }
}

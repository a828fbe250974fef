const MARKER = Symbol.for('@sow/core/error');

/** Stable machine-readable codes carried by every {@link SowError}. */
export type SowErrorCode =
  | 'INVALID_ARGUMENT'
  | 'SHAPE_MISMATCH'
  | 'MODEL_IO'
  | 'MODEL_LOAD'
  | 'MODEL_DOWNLOAD'
  | 'CHECKSUM_MISMATCH'
  | 'MODEL_NOT_CACHED'
  | 'BACKEND_UNAVAILABLE'
  | 'UNSUPPORTED_MODEL'
  | 'MLLM_PROVIDER'
  | 'MLLM_RESPONSE'
  | 'NUMERICAL'
  | 'JOB_FAILED';

/**
 * Base class of every error the library throws on purpose; catch it to tell library errors from bugs.
 * Use {@link SowError.isInstance} rather than `instanceof`: it also recognises errors thrown by another
 * copy of the package (two bundles, two versions).
 */
export class SowError extends Error {
  /** Machine-readable error kind. */
  readonly code: SowErrorCode;
  /** Cross-copy marker read by {@link SowError.isInstance}. */
  readonly [MARKER] = true;

  /** Creates an error with a code and a message; `cause` keeps the underlying error. */
  constructor(code: SowErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }

  /**
   * True when `value` is an error of this class (or a subclass) from any copy of the library.
   * `SowError.isInstance(e)` matches every library error; `ModelIOError.isInstance(e)` only that kind.
   */
  static isInstance(value: unknown): value is SowError {
    if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[MARKER] !== true) {
      return false;
    }
    if (this === SowError) return true;
    for (let p = Object.getPrototypeOf(value); p !== null; p = Object.getPrototypeOf(p)) {
      if (p.constructor?.name === this.name) return true;
    }
    return false;
  }
}

/** Renders a received value for an error message: short, type-revealing, never huge. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) {
    const head = value.slice(0, 8).map(describeValue).join(', ');
    return `[${head}${value.length > 8 ? ', ...' : ''}]`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as Uint8Array).length})`;
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

import { InvalidArgumentError, SowError } from '@sow/core';
import type { FastifyReply } from 'fastify';

/** An RFC 9457 problem body, with sow's error code and, for bad arguments, the argument's fields. */
export interface Problem {
  /** `about:blank`: the status code says it all. */
  readonly type: string;
  /** The status's reason phrase. */
  readonly title: string;
  /** HTTP status. */
  readonly status: number;
  /** What went wrong, for people. */
  readonly detail: string;
  /** Stable machine-readable code (`INVALID_ARGUMENT`, `NOT_FOUND`, `UPLOAD_TOO_LARGE`, ...). */
  readonly code: string;
  /** More members: `argument`, `expected`, `received`, `state`. */
  readonly [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Sends a problem as `application/problem+json`. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): FastifyReply {
  const body: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extensions,
  };
  return reply.code(status).type('application/problem+json').send(body);
}

/** Sends the problem an error stands for: a bad argument is 400 with its fields; Fastify's own errors keep their status. */
export function sendErrorProblem(reply: FastifyReply, error: unknown): FastifyReply {
  if (InvalidArgumentError.isInstance(error)) {
    const e = error as InvalidArgumentError;
    const received =
      typeof e.received === 'string' || typeof e.received === 'number' ? e.received : undefined;
    return sendProblem(reply, 400, e.code, e.message, {
      argument: e.argument,
      expected: e.expected,
      ...(received === undefined ? {} : { received }),
    });
  }
  if (SowError.isInstance(error)) return sendProblem(reply, 400, error.code, error.message);
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (error as { code?: unknown }).code;
    return sendProblem(
      reply,
      status,
      typeof code === 'string' ? code : 'BAD_REQUEST',
      (error as Error).message,
    );
  }
  reply.log.error(error);
  return sendProblem(reply, 500, 'INTERNAL', 'The server failed to handle the request.');
}

import type { ServerResponse } from 'node:http';

/**
 * Answers a scripted-server request with a JSON body, so tests can mimic a provider's REST replies in one
 * line. `headers` are merged over `content-type: application/json` and may replace it.
 * @example
 * sendJson(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '1' });
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

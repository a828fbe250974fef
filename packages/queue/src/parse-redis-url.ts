import { InvalidArgumentError } from '@sow/core';
import type { RedisConnection } from './queue-settings.js';

/**
 * Reads a `redis://[user:password@]host[:port][/db]` URL (`rediss://` for TLS) into a
 * {@link RedisConnection}; the port defaults to 6379.
 * @param fn - The function named in errors.
 * @param argument - The option or variable named in errors, e.g. `'REDIS_URL'`.
 * @throws InvalidArgumentError naming `argument` when the text is not such a URL.
 * @example
 * parseRedisUrl('redis://127.0.0.1:6380/2', 'main', '--queue'); // { host: '127.0.0.1', port: 6380, db: 2 }
 */
export function parseRedisUrl(text: string, fn: string, argument: string): RedisConnection {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  const db = url !== undefined && url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined;
  if (
    url === undefined ||
    (url.protocol !== 'redis:' && url.protocol !== 'rediss:') ||
    url.hostname === '' ||
    (db !== undefined && !Number.isInteger(db))
  ) {
    throw new InvalidArgumentError(fn, argument, 'a redis:// or rediss:// URL', text);
  }
  return {
    host: url.hostname,
    port: url.port === '' ? 6379 : Number(url.port),
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    ...(db === undefined ? {} : { db }),
    ...(url.protocol === 'rediss:' ? { tls: true } : {}),
  };
}

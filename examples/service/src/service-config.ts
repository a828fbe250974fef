import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@sow/core';
import { parseRedisUrl, type RedisConnection } from '@sow/queue';

/** What the API and worker processes read from the environment. */
export interface ServiceConfig {
  /** Redis, from `REDIS_URL` (default `redis://127.0.0.1:6379`). */
  readonly connection: RedisConnection;
  /** The shared result store folder, `SOW_STORE_DIR` (default `.cache/service-store` in the repo). */
  readonly storeDir: string;
  /** `SOW_API_TOKEN`: the bearer token the API requires, if set. */
  readonly token?: string;
  /** `HOST` and `PORT` of the API (default 127.0.0.1:8080). */
  readonly host: string;
  /** API port. */
  readonly port: number;
  /** `SOW_MODEL_DIR`: the Stable Diffusion ONNX folder workers load (default: the generated test models). */
  readonly modelDir?: string;
  /** `SOW_DEVICE`: `cpu` or `cuda` (default `cpu`). */
  readonly device: 'cpu' | 'cuda';
  /** `SOW_QUEUE`: the queue name (default `sow-generations`); API and workers must agree. */
  readonly queueName?: string;
  /** `SOW_THREADS`: ONNX Runtime intra-op threads per worker (default: ONNX Runtime's choice). */
  readonly threads?: number;
}

const DEFAULT_STORE = fileURLToPath(new URL('../../../.cache/service-store', import.meta.url));

/**
 * Reads the service's configuration from environment variables.
 * @throws InvalidArgumentError naming the variable with a bad value.
 * @example
 * const config = readServiceConfig(process.env);
 */
export function readServiceConfig(env: Readonly<Record<string, string | undefined>>): ServiceConfig {
  const FN = 'readServiceConfig';
  const connection = parseRedisUrl(env.REDIS_URL ?? 'redis://127.0.0.1:6379', FN, 'REDIS_URL');
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(FN, 'PORT', 'a port number', env.PORT);
  }
  const device = env.SOW_DEVICE ?? 'cpu';
  if (device !== 'cpu' && device !== 'cuda') {
    throw new InvalidArgumentError(FN, 'SOW_DEVICE', "'cpu' or 'cuda'", device);
  }
  const threads = env.SOW_THREADS === undefined ? undefined : Number(env.SOW_THREADS);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new InvalidArgumentError(FN, 'SOW_THREADS', 'an integer ≥ 1', env.SOW_THREADS);
  }
  return {
    connection,
    storeDir: env.SOW_STORE_DIR ?? DEFAULT_STORE,
    ...(env.SOW_API_TOKEN === undefined || env.SOW_API_TOKEN === '' ? {} : { token: env.SOW_API_TOKEN }),
    host: env.HOST ?? '127.0.0.1',
    port,
    ...(env.SOW_MODEL_DIR === undefined ? {} : { modelDir: env.SOW_MODEL_DIR }),
    device,
    ...(env.SOW_QUEUE === undefined ? {} : { queueName: env.SOW_QUEUE }),
    ...(threads === undefined ? {} : { threads }),
  };
}

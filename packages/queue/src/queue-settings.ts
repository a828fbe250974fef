/** How to reach Redis (plain data, so it can come from configuration). */
export interface RedisConnection {
  /** Host name; default `127.0.0.1`. */
  readonly host?: string;
  /** Port; default 6379. */
  readonly port?: number;
  /** ACL user name. */
  readonly username?: string;
  /** Password. */
  readonly password?: string;
  /** Database number; default 0. */
  readonly db?: number;
  /** Connect with TLS; default false. */
  readonly tls?: boolean;
}

/** Where a queue lives; shared by {@link createGenerationQueue} and {@link createGenerationWorker}. */
export interface QueueLocation {
  /** The Redis server every producer and worker of the queue shares. */
  readonly connection: RedisConnection;
  /** Queue name; default `'sow-generations'`. Producers and workers must agree on it. */
  readonly queueName?: string;
  /** Prefix of every Redis key; default `'sow'`. */
  readonly prefix?: string;
}

/** The queue name and key prefix with defaults filled, and the names of sow's own keys beside BullMQ's. */
export interface QueueNames {
  /** Queue name. */
  readonly queueName: string;
  /** Redis key prefix. */
  readonly prefix: string;
  /** Pub/sub channel that carries cancel requests to every worker. */
  readonly cancelChannel: string;
  /** Key that marks a job as cancelled (read by a worker when it picks the job up). */
  cancelKey(id: string): string;
}

/**
 * Fills the defaults of a {@link QueueLocation} and names the keys sow adds to BullMQ's.
 * @example
 * const { queueName, cancelChannel } = queueNames({ connection: { port: 6379 } });
 */
export function queueNames(location: QueueLocation): QueueNames {
  const queueName = location.queueName ?? 'sow-generations';
  const prefix = location.prefix ?? 'sow';
  const base = `${prefix}:${queueName}:sow`;
  return {
    queueName,
    prefix,
    cancelChannel: `${base}:cancel`,
    cancelKey: (id) => `${base}:cancelled:${id}`,
  };
}

/**
 * ioredis options for a {@link RedisConnection} (BullMQ takes the same); `blocking` sets what BullMQ
 * needs for its blocking connections (no per-command retry limit, so a Redis restart is waited out).
 * @example
 * const redis = new Redis(redisOptions({ host: 'redis', port: 6379 }));
 */
export function redisOptions(
  connection: RedisConnection,
  blocking = false,
): { host?: string; port?: number; tls?: object; maxRetriesPerRequest?: null } {
  const { tls, ...rest } = connection;
  return {
    ...rest,
    ...(tls === true ? { tls: {} } : {}),
    ...(blocking ? { maxRetriesPerRequest: null } : {}),
  };
}

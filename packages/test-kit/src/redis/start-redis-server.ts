import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Settings of {@link startRedisServer}. */
export interface RedisServerSettings {
  /** Append-only persistence (`appendfsync always`), so data survives {@link RedisServer.restart}. Default false. */
  readonly appendOnly?: boolean;
}

/** A private `redis-server` on 127.0.0.1 for one test file. */
export interface RedisServer {
  /** Its port. */
  readonly port: number;
  /** Its data folder (a private temporary folder). */
  readonly dir: string;
  /** `{ host, port }` for clients. */
  readonly connection: { readonly host: string; readonly port: number };
  /** Shuts the server down (SIGTERM: an append-only file is flushed) and starts it again on the same port and folder. */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** A port the OS says is free now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once a TCP connection to the port answers PING with PONG. */
async function waitForPong(port: number, child: ChildProcess, deadline: number): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts Debian's `redis-server` (installed by `scripts/ensure-test-deps.sh`) on a free port of
 * 127.0.0.1 with a private temporary folder and no snapshots; never a system Redis. Stop it in `afterAll`.
 * @example
 * const redis = await startRedisServer({ appendOnly: true });
 * const queue = createGenerationQueue({ connection: redis.connection, store });
 * await redis.stop();
 */
export async function startRedisServer(settings: RedisServerSettings = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sow-redis-'));
  const port = await freePort();
  let child: ChildProcess;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
    args.push('--appendonly', settings.appendOnly === true ? 'yes' : 'no', '--appendfsync', 'always');
    child = spawn('redis-server', args, { stdio: 'ignore' });
    child.once('error', () => {});
    await waitForPong(port, child, Date.now() + 10_000);
  };
  const halt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    port,
    dir,
    connection: { host: '127.0.0.1', port },
    async restart() {
      await halt();
      await start();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

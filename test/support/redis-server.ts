import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { findProgram } from './system-deps.mjs';

/** A free loopback port (the OS picks it; a race with another process is retried by the caller). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Sends PING; resolves true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * A real `redis-server` (Debian's package; test/support/system-deps.mjs installs it) on a random
 * loopback port, without persistence: a restart loses every key, the worst case the cluster must
 * survive. `stop()` kills it; `start()` again reuses the port.
 */
export class RedisServer {
  private proc?: ChildProcess;
  log = '';

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    for (let attempt = 1; ; attempt++) {
      const server = new RedisServer(await freePort());
      try {
        await server.start();
        return server;
      } catch (err) {
        await server.stop();
        if (attempt >= 3) throw err;
      }
    }
  }

  /** Starts (or restarts) the server on its port; resolves once it answers PING. */
  async start(timeoutMs = 10_000): Promise<void> {
    const bin = findProgram('redis-server');
    if (!bin) throw new Error('redis-server is not installed: apt-get update && apt-get install -y redis-server');
    const proc = spawn(bin, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    const keep = (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-4000));
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}) on port ${this.port}: ${this.log}`);
      if (await ping(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50)); // polling a starting server, not a fixed wait
    }
    throw new Error(`redis-server did not answer on port ${this.port} within ${timeoutMs} ms: ${this.log}`);
  }

  /** Kills the server (SIGKILL: no save, no goodbye) and waits for it to exit. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }
}

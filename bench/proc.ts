/** The bench's child processes: forked, with an inbox of IPC messages and bounded waits. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** Where and how children start. */
export interface ProcLaunch {
  root: string;
  /** Where the transpiled bench lives (dist/bench), used unless `loader` is set. */
  buildDir: string;
  /** Node flags that run TypeScript directly, or undefined to run the transpiled JavaScript. */
  loader?: string[];
  /** Echo every line a child prints, prefixed with its name. */
  verbose: boolean;
}

const live = new Set<Proc<{ type: string }, unknown>>();

/** SIGKILLs every child still running (the orchestrator is exiting). */
export function killAll(): void {
  for (const p of live) if (!p.exited) p.child.kill('SIGKILL');
}

/** A forked TypeScript process with an inbox of IPC messages and bounded waits. */
export class Proc<In extends { type: string }, Out> {
  readonly child: ChildProcess;
  private readonly inbox: In[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly tail: string[] = [];
  exited = false;
  exitCode: number | null = null;

  constructor(
    launch: ProcLaunch,
    readonly name: string,
    file: string,
    env: Record<string, string>,
    execArgv: string[] = [],
  ) {
    const script = launch.loader ? join(launch.root, file) : join(launch.buildDir, file.replace(/\.ts$/, '.js'));
    this.child = fork(script, [], {
      cwd: launch.root,
      execArgv: [...(launch.loader ?? []), ...execArgv],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    live.add(this);
    const capture = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.tail.push(line);
        if (this.tail.length > 40) this.tail.shift();
        if (launch.verbose) process.stderr.write(`[${name}] ${line}\n`);
      }
    };
    this.child.stdout?.on('data', capture);
    this.child.stderr?.on('data', capture);
    this.child.on('message', (m) => {
      this.inbox.push(m as In);
      for (const w of [...this.waiters]) w();
    });
    this.child.on('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
      live.delete(this);
      for (const w of [...this.waiters]) w();
    });
  }

  send(message: Out): void {
    if (!this.exited && this.child.connected) this.child.send(message as object);
  }

  /** The next message of `type` (an `error` message or an exit rejects); bounded by `timeoutMs`. */
  waitFor<T extends In['type']>(type: T, timeoutMs: number): Promise<Extract<In, { type: T }>> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        const i = this.inbox.findIndex((m) => m.type === type || m.type === 'error');
        if (i >= 0) {
          const [m] = this.inbox.splice(i, 1);
          done();
          if (m.type === 'error') reject(new Error(`${this.name}: ${(m as unknown as { message: string }).message}`));
          else resolve(m as Extract<In, { type: T }>);
        } else if (this.exited) {
          done();
          reject(new Error(`${this.name} exited (code ${this.exitCode}) before '${type}'\n${this.output()}`));
        }
      };
      const done = () => {
        if (timer) clearTimeout(timer);
        this.waiters.delete(check);
      };
      timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no '${type}' within ${timeoutMs} ms\n${this.output()}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  output(): string {
    return this.tail.map((l) => `    | ${l}`).join('\n');
  }

  /** Waits up to `graceMs` for the process to exit, then SIGKILLs it. */
  async kill(graceMs = 0): Promise<void> {
    if (this.exited) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, graceMs);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

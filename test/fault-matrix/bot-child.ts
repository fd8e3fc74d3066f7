/**
 * The fault-matrix bot as a child process (`test/bots/fault-matrix-bot.ts`): its stdout protocol,
 * its stderr, its exit, and the done-file it writes every finished message to.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordSuiteLog } from '../support/suite-log.js';
import type { ChildConfig, ChildStats } from '../bots/fault-matrix-bot.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHILD_ARGS = ['--unhandled-rejections=strict', '--import', './scripts/ts-loader.mjs', 'test/bots/fault-matrix-bot.ts'];

/** Every child started and not yet exited, so that a failing test can kill them all. */
const live = new Set<BotChild>();

/** Kills (SIGKILL) every child process still running. For test teardown. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** A running fault-matrix bot process with its parsed stdout protocol and collected stderr. */
export class BotChild {
  readonly proc: ChildProcess;
  stderr = '';
  ready = false;
  standing = false;
  closed = false;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  last: ChildStats | undefined;
  peakRss = 0;
  peakBuffered = 0;
  private readonly exited: Promise<void>;

  constructor(config: ChildConfig) {
    this.proc = spawn(process.execPath, CHILD_ARGS, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', FAULT_CHILD_CONFIG: JSON.stringify(config) },
      stdio: [config.standby ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    live.add(this);
    let pending = '';
    this.proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        this.onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    });
    this.proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      recordSuiteLog('fault-matrix bot stderr', chunk); // for the suite-wide secret scan
      // Keep the head and the tail: enough for a failure message, bounded in a long soak.
      this.stderr = this.stderr.length > 64_000 ? this.stderr.slice(0, 32_000) + '\n[...]\n' + chunk : this.stderr + chunk;
    });
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.exit = { code, signal };
        live.delete(this);
        resolve();
      });
      this.proc.once('error', (err) => {
        this.stderr += `\nspawn error: ${err.message}`;
        this.exit ??= { code: null, signal: null };
        live.delete(this);
        resolve();
      });
    });
  }

  private onLine(line: string): void {
    if (line === 'ready') this.ready = true;
    else if (line === 'standby') this.standing = true;
    else if (line === 'closed') this.closed = true;
    else if (line.startsWith('stats ')) {
      const stats = JSON.parse(line.slice(6)) as ChildStats;
      this.last = stats;
      this.peakRss = Math.max(this.peakRss, stats.rss);
      this.peakBuffered = Math.max(this.peakBuffered, stats.peakBuffered);
    } else if (line.trim()) this.stderr += `\n[stdout] ${line}`;
  }

  /** Lets a standby process create its app and connect. */
  go(): void {
    this.proc.stdin?.end('go\n');
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.exit) this.proc.kill(signal);
  }

  /** Resolves with the exit once the process has exited; kills it (SIGKILL) and rejects after `timeoutMs`. */
  async waitExit(timeoutMs: number, what: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.kill('SIGKILL');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.describe()}`));
      }, timeoutMs);
    });
    try {
      await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return this.exit!;
  }

  exitText(): string {
    if (!this.exit) return 'running';
    return this.exit.signal ? this.exit.signal : String(this.exit.code);
  }

  describe(): string {
    return `\nchild: ${this.exitText()}${this.stderr ? `\n--- child stderr ---\n${this.stderr.trim()}` : ''}`;
  }
}

// ---------------------------------------------------------------- the done-file

/** Reads the child's done-file incrementally (only the new bytes since the last read). */
export class DoneFile {
  /** Done lines per id. */
  readonly done = new Map<string, number>();
  /** Start lines per id. */
  readonly started = new Map<string, number>();
  /** First-done ids that finished after a later message of their conversation. */
  orderViolations = 0;
  private readonly lastSeq = new Map<string, number>();
  private offset = 0;
  private rest = '';
  private readonly buf = Buffer.alloc(1 << 20);

  constructor(readonly path: string) {
    writeFileSync(path, '');
  }

  /** Reads whatever was appended since the last call. */
  refresh(): void {
    const fd = openSync(this.path, 'r');
    try {
      for (;;) {
        const n = readSync(fd, this.buf, 0, this.buf.length, this.offset);
        if (n <= 0) break;
        this.offset += n;
        // Only whole lines count; a line being written stays in `rest` until its newline arrives.
        const text = this.rest + this.buf.toString('utf8', 0, n);
        const lines = text.split('\n');
        this.rest = lines.pop()!;
        for (const line of lines) this.onLine(line);
      }
    } finally {
      closeSync(fd);
    }
  }

  private onLine(line: string): void {
    const [kind, id, conversation, seqText] = line.split(' ');
    if (kind === 'start') this.started.set(id, (this.started.get(id) ?? 0) + 1);
    else if (kind === 'done') {
      const times = (this.done.get(id) ?? 0) + 1;
      this.done.set(id, times);
      const seq = Number(seqText);
      const last = this.lastSeq.get(conversation) ?? -1;
      // A redelivered message handled again may legitimately go back in time; only first handlings count.
      if (times === 1 && seq < last) this.orderViolations++;
      this.lastSeq.set(conversation, Math.max(last, seq));
    }
  }

  /** Is there a done line for `id`? Re-reads the file only on a cache miss. */
  isDone(id: string): boolean {
    if (this.done.has(id)) return true;
    this.refresh();
    return this.done.has(id);
  }
}

// ---------------------------------------------------------------- the run

/**
 * The fault-matrix bot as a child process (`test/bots/fault-matrix-bot.ts`): its stdout protocol,
 * its stderr, its exit, and the done-file it writes every finished message to.
 */
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { BotProcess } from '../support/bot-process.js';
import type { ChildConfig, ChildStats } from '../bots/fault-matrix-bot.js';

/** Every child started and not yet exited, so that a failing test can kill them all. */
const live = new Set<BotChild>();

/** Kills (SIGKILL) every child process still running. For test teardown. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** A running fault-matrix bot process with its parsed stdout protocol and collected stderr. */
export class BotChild extends BotProcess {
  ready = false;
  standing = false;
  closed = false;
  last: ChildStats | undefined;
  peakRss = 0;
  peakBuffered = 0;
  constructor(config: ChildConfig) {
    const env = { FAULT_CHILD_CONFIG: JSON.stringify(config) };
    super({ script: 'test/bots/fault-matrix-bot.ts', env, stdin: config.standby ? 'pipe' : 'ignore', label: 'fault-matrix bot stderr', stderrCap: 64_000 }, live);
  }

  protected onLine(line: string): void {
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
  /** Process ids that wrote a start line, per id (cluster scenarios). */
  readonly startPids = new Map<string, string[]>();
  /** Process ids that wrote a done line, per id (cluster scenarios). */
  readonly donePids = new Map<string, string[]>();
  /** First-done ids that finished after a later message of their conversation. */
  orderViolations = 0;
  /** The ids behind `orderViolations`. */
  readonly orderViolators: string[] = [];
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

  protected onLine(line: string): void {
    const [kind, id, conversation, seqText, pid] = line.split(' ');
    if (kind === 'start') {
      this.started.set(id, (this.started.get(id) ?? 0) + 1);
      if (conversation) this.startPids.set(id, [...(this.startPids.get(id) ?? []), conversation]); // a start line's third field is the pid
    }
    else if (kind === 'done') {
      const times = (this.done.get(id) ?? 0) + 1;
      this.done.set(id, times);
      if (pid) this.donePids.set(id, [...(this.donePids.get(id) ?? []), pid]);
      const seq = Number(seqText);
      const last = this.lastSeq.get(conversation) ?? -1;
      // A redelivered message handled again may legitimately go back in time; only first handlings count.
      if (times === 1 && seq < last) {
        this.orderViolations++;
        this.orderViolators.push(id);
      }
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

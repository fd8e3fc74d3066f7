/**
 * The process scenarios of the fault matrix (8 and 9): the bot runs as a child process
 * (`test/bots/fault-matrix-bot.ts`) against a Blaze emulator in this process, so the emulator
 * outlives the bot. The bot is killed mid-backlog (SIGKILL, or SIGTERM for a graceful stop) and
 * started again; the checks come from the emulator's ack records and the child's done-file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { recordSuiteLog } from '../support/suite-log.js';
import type { MatrixReport } from './harness.js';
import type { ChildConfig, ChildStats } from '../bots/fault-matrix-bot.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CHILD_ARGS = ['--unhandled-rejections=strict', '--import', './scripts/ts-loader.mjs', 'test/bots/fault-matrix-bot.ts'];

/** A process scenario's row: the matrix's columns plus what only a process kill has. */
export interface ProcessReport extends MatrixReport {
  /** Ids whose handler finished (done line) but whose ack had not reached the server when the process was killed: the only ones allowed to be handled twice. */
  crashForced: number;
  /** SIGTERM: ids started but not done when the first process exited (the default shutdownTimeoutMs should leave none). */
  abandoned: number;
  /** SIGTERM: ids with a done line but no ack when the first process exited (acks not flushed). */
  unflushed: number;
  /** Exit code of the first process (SIGTERM: must be 0), or the signal that ended it. */
  firstExit: string;
  /** Exit code of the second process after its own SIGTERM at the end. */
  secondExit: string;
  /** Acks the server had when the stop signal was sent to the first process. */
  ackedAtKill: number;
  /** Acks the server had once the first process had exited (SIGTERM: including the flushed ones). */
  ackedByFirst: number;
}

export interface ProcessScenario {
  name: string;
  run(scale: number, timeoutMs: number): Promise<ProcessReport>;
}

// ---------------------------------------------------------------- children

/** Every child started and not yet exited, so that a failing test can kill them all. */
const live = new Set<BotChild>();

/** Kills (SIGKILL) every child process still running. For test teardown. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** A running fault-matrix bot process with its parsed stdout protocol and collected stderr. */
class BotChild {
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
class DoneFile {
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

interface RunSpec {
  name: string;
  signal: 'SIGKILL' | 'SIGTERM';
  /** Stop the first process once this fraction of the backlog is acked. */
  stopAt: number;
  handlerMs: [number, number];
  options: Partial<MixinBlazeModuleOptions>;
  conversations: number;
  /** Canary only: the child acks every n-th message before its handler finishes. */
  ackEarlyEvery?: number;
}

const FAST: Partial<MixinBlazeModuleOptions> = {
  ackFlushIntervalMs: 10,
  reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
  requestTimeoutMs: 3_000,
  // shutdownTimeoutMs, concurrency, highWaterMark: the defaults (10 s, 32, 1000).
};

async function runProcess(spec: RunSpec, scale: number, timeoutMs: number): Promise<ProcessReport> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const emu = await BlazeEmulator.start();
  const dir = mkdtempSync(join(tmpdir(), 'fault-matrix-'));
  const file = new DoneFile(join(dir, 'done.log'));
  const children: BotChild[] = [];
  try {
    const n = Math.floor(scale);
    const fed = emu.userSendsMany(n, (i) => ({
      category: 'PLAIN_TEXT',
      payload: String(i),
      conversationId: `00000000-0000-4000-8000-${String(i % spec.conversations).padStart(12, '0')}`,
    }));
    const fedSet = new Set(fed);
    const acked = new Set<string>();
    let earlyAcks = 0;
    let first: BotChild | undefined;
    let ackedAtKill = -1;
    const stopAfter = Math.max(1, Math.floor(n * spec.stopAt));
    // The server's view of "early": an ack for a message whose handler has not finished (no done line yet).
    emu.on('ack', (ack) => {
      if (!fedSet.has(ack.messageId)) return;
      if (!file.isDone(ack.messageId)) earlyAcks++;
      acked.add(ack.messageId);
      if (ackedAtKill < 0 && first && acked.size >= stopAfter) {
        // Synchronously, in the ack listener: the signal leaves while the backlog is mid-flight.
        ackedAtKill = acked.size;
        first.kill(spec.signal);
      }
    });

    const config: ChildConfig = {
      options: { ...emu.moduleOptions(), ...FAST, ...spec.options },
      doneFile: file.path,
      handlerMs: spec.handlerMs,
      ackEarlyEvery: spec.ackEarlyEvery,
    };
    /** Waits for `condition`, failing fast (with the child's stderr) if `child` exits unexpectedly. */
    const until = async (child: BotChild, condition: () => boolean, what: string): Promise<void> => {
      try {
        await emu.waitFor(
          () => {
            if (condition()) return true;
            if (child.exit) throw new Error(`the bot process exited (${child.exitText()}) while waiting for ${what}`);
            return false;
          },
          left(),
          what,
        );
      } catch (err) {
        throw new Error(`${spec.name}: ${(err as Error).message}${child.describe()}`);
      }
    };

    // ---- first process: killed mid-backlog ----
    first = new BotChild(config);
    children.push(first);
    // The next process loads its code meanwhile (a few seconds of TypeScript transpiling), and creates
    // its app and connects only on `go`, after the first one has exited.
    const second = new BotChild({ ...config, standby: true });
    children.push(second);
    const firstExit = await first.waitExit(left(), `the first bot process to be stopped by ${spec.signal} (${acked.size}/${n} acked)`);
    if (ackedAtKill < 0) throw new Error(`${spec.name}: the first bot process exited before it was stopped${first.describe()}`);
    // What the server holds now: in-flight acks of a SIGKILLed process may still land, so this is a superset.
    const ackedByFirst = acked.size;
    file.refresh();
    const doneIds = [...file.done.keys()];
    const unackedDone = doneIds.filter((id) => !emu.isAcked(id)).length;
    const abandoned = [...file.started.keys()].filter((id) => !file.done.has(id)).length;
    if (spec.signal === 'SIGTERM') {
      if (firstExit.code !== 0) throw new Error(`${spec.name}: SIGTERM exit was ${first.exitText()}, expected 0${first.describe()}`);
      if (!first.closed) throw new Error(`${spec.name}: the bot exited without finishing app.close()${first.describe()}`);
    }

    // ---- second process: the rest is redelivered ----
    second.go();
    await until(second, () => acked.size === n, `all ${n} messages of ${spec.name} to be acked after the restart`);
    await until(second, () => second.last?.state === 'open', 'the restarted bot to report an open socket');
    const finalState = second.last!.state;
    second.kill('SIGTERM');
    const secondExit = await second.waitExit(left(), 'the second bot process to exit on SIGTERM');
    if (secondExit.code !== 0) throw new Error(`${spec.name}: the second process exited ${second.exitText()} on SIGTERM${second.describe()}`);

    file.refresh();
    const report: ProcessReport = {
      scenario: spec.name,
      fed: n,
      handled: fed.filter((id) => file.done.has(id)).length,
      acked: fed.filter((id) => emu.isAcked(id)).length,
      lost: fed.filter((id) => !file.done.has(id) || !emu.isAcked(id)).length,
      leftOnServer: emu.pending().length,
      handledTwice: fed.filter((id) => (file.done.get(id) ?? 0) > 1).length,
      earlyAcks,
      sentTwice: countSentTwice(emu),
      orderViolations: file.orderViolations,
      reconnects: emu.connections - 1,
      peakBuffered: Math.max(first.peakBuffered, second.peakBuffered),
      peakRssMb: Math.round(Math.max(first.peakRss, second.peakRss) / 1024 / 1024),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      finalState,
      crashForced: spec.signal === 'SIGKILL' ? unackedDone : 0,
      abandoned,
      unflushed: spec.signal === 'SIGTERM' ? unackedDone : 0,
      firstExit: first.exitText(),
      secondExit: second.exitText(),
      ackedAtKill,
      ackedByFirst,
    };
    return report;
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.waitExit(5_000, 'a killed child to exit').catch(() => undefined)));
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function countSentTwice(emu: BlazeEmulator): number {
  const idsByText = new Map<string, Set<string>>();
  for (const sent of emu.sent) {
    const ids = idsByText.get(sent.text) ?? new Set<string>();
    ids.add(sent.messageId);
    idsByText.set(sent.text, ids);
  }
  return [...idsByText.values()].filter((ids) => ids.size > 1).length;
}

/**
 * Not a scenario: proves the early-ack detector can see an early ack. The child acks every 10th
 * message (`blaze.ack()`, resolved by the server) before writing its done line; `earlyAcks` must be > 0.
 */
export const EARLY_ACK_CANARY: ProcessScenario = {
  name: 'canary: acks before the handler finished',
  run: (scale, timeoutMs) =>
    runProcess(
      { name: 'canary: acks before the handler finished', signal: 'SIGTERM', stopAt: 1 / 4, handlerMs: [2, 5], options: {}, conversations: 25, ackEarlyEvery: 10 },
      scale,
      timeoutMs,
    ),
};

/** Scenarios 8 and 9 of the issue. */
export const PROCESS_SCENARIOS: ProcessScenario[] = [
  {
    // "The bot process is killed with SIGKILL mid-backlog and started again: every message that was not
    // acknowledged is redelivered and handled; no message was acknowledged before its handler finished."
    name: 'SIGKILL mid-backlog, restart',
    run: (scale, timeoutMs) =>
      runProcess({ name: 'SIGKILL mid-backlog, restart', signal: 'SIGKILL', stopAt: 1 / 3, handlerMs: [2, 5], options: {}, conversations: 25 }, scale, timeoutMs),
  },
  {
    // "SIGTERM during a backlog: running handlers finish, their acks are flushed, the process exits 0,
    // and the rest is redelivered on the next start."
    name: 'SIGTERM mid-backlog, restart',
    run: (scale, timeoutMs) =>
      runProcess({ name: 'SIGTERM mid-backlog, restart', signal: 'SIGTERM', stopAt: 1 / 4, handlerMs: [18, 22], options: {}, conversations: 25 }, scale, timeoutMs),
  },
];

/**
 * The process scenarios of the fault matrix (8 and 9): the bot runs as a child process
 * (`test/bots/fault-matrix-bot.ts`) against a Blaze emulator in this process, so the emulator
 * outlives the bot. The bot is killed mid-backlog (SIGKILL, or SIGTERM for a graceful stop) and
 * started again; the checks come from the emulator's ack records and the child's done-file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { countSentTwice, type MatrixReport } from './harness.js';
import { BotChild, DoneFile } from './bot-child.js';
import type { ChildConfig } from '../bots/fault-matrix-bot.js';

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

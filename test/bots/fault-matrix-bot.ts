/**
 * The bot of the fault matrix's process scenarios (SIGKILL and SIGTERM mid-backlog), run as a real
 * child process by `test/fault-matrix/process-scenarios.ts`:
 *
 *   node --unhandled-rejections=strict --import ./scripts/ts-loader.mjs test/bots/fault-matrix-bot.ts
 *
 * Configuration comes as JSON in the `FAULT_CHILD_CONFIG` environment variable (see {@link ChildConfig}).
 * The emulator lives in the parent, so it outlives this process.
 *
 * Every handler call appends `start <messageId>` to the done-file when it begins and, right before it
 * resolves, `done <messageId> <conversationId> <seq>` with `fs.appendFileSync`: synchronous, so the
 * line is on disk before the library can send the ack. The parent counts an ack for an id without a
 * done line as an early ack.
 *
 * stdout carries only the protocol lines the parent reads: `ready`, then `stats {json}` every
 * `statsIntervalMs` and once more after shutdown, then `closed`. With `standby`, it first prints
 * `standby` and waits for a `go` line on stdin before creating the app. Nest logs only errors, to stderr.
 * SIGTERM / SIGINT: `app.close()` (drain handlers, flush acks, close socket), then exit 0, as
 * `apps/echo-bot/src/main.ts` does.
 */
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { derivedMessageId, Message, MixinBlazeModule, MixinBlazeService, OnMessage, type BlazeMessage, type MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';

/** What the parent passes in `FAULT_CHILD_CONFIG`. */
export interface ChildConfig {
  /** Module options: at least `keystore`, `blazeUrl` and `apiUrl`. */
  options: Partial<MixinBlazeModuleOptions> & Pick<MixinBlazeModuleOptions, 'keystore' | 'blazeUrl' | 'apiUrl'>;
  /** The per-run file the handler appends `start` / `done` lines to. */
  doneFile: string;
  /** Handler time: a uniformly random delay in [min, max] ms. */
  handlerMs: [min: number, max: number];
  /** How often to print a `stats` line (default 100 ms). */
  statsIntervalMs?: number;
  /**
   * Load the code, print `standby`, and create the Nest app only once a `go` line arrives on stdin.
   * Lets the parent pay the start-up cost of the next process while the current one still runs;
   * nothing of the bot exists (no app, no connection) before `go`.
   */
  standby?: boolean;
  /**
   * Canary for the parent's early-ack detector: every `ackEarlyEvery`-th message (by its seq) is acked
   * with `blaze.ack()` (resolved by the server) before its done line is written. 0 / unset: never.
   */
  ackEarlyEvery?: number;
  /** Every `replyEvery`-th message (by its seq) is answered with `re <seq>` under a derived id. 0 / unset: never. */
  replyEvery?: number;
}

/** One `stats` line: the bot's view of itself, for the parent's report. */
export interface ChildStats {
  rss: number;
  peakBuffered: number;
  buffered: number;
  running: number;
  state: string;
  handled: number;
  /** Cluster mode: 'leader' or 'standby'. */
  role?: string;
  /** Cluster mode: partitions this replica works on. */
  partitions?: number;
}

const config = JSON.parse(process.env.FAULT_CHILD_CONFIG ?? 'null') as ChildConfig | null;
if (!config) {
  process.stderr.write('fault-matrix-bot: FAULT_CHILD_CONFIG is not set\n');
  process.exit(2);
}
const [minMs, maxMs] = config.handlerMs;
let handled = 0;

@Injectable()
class FaultChildHandler {
  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage(['PLAIN_TEXT', 'PLAIN_POST'])
  async onText(@Message() message: BlazeMessage<string>): Promise<void> {
    appendFileSync(config!.doneFile, `start ${message.messageId} ${process.pid}\n`);
    const ms = minMs + Math.random() * (maxMs - minMs);
    await new Promise((resolve) => setTimeout(resolve, ms));
    const seq = Number.parseInt(message.payload, 10);
    const every = config!.ackEarlyEvery ?? 0;
    if (every > 0 && seq % every === 0) await this.blaze.ack(message.messageId);
    const replyEvery = config!.replyEvery ?? 0;
    if (replyEvery > 0 && seq % replyEvery === 0) {
      // A reply id derived from the message id: a retried or repeated reply is one message to the user.
      await this.blaze.sendText(message.conversationId, `re ${seq}`, { messageId: derivedMessageId(message.messageId, 'reply') });
    }
    // Synchronous: on disk before this handler resolves, hence before its ack can leave the process.
    appendFileSync(config!.doneFile, `done ${message.messageId} ${message.conversationId} ${Number.isFinite(seq) ? seq : -1} ${process.pid}\n`);
    handled++;
  }
}

@Module({
  imports: [MixinBlazeModule.forRoot(config.options as MixinBlazeModuleOptions)],
  providers: [FaultChildHandler],
})
class FaultChildModule {}

function writeLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Resolves when a line `go` arrives on stdin. */
function waitForGo(): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      if (text.split('\n').includes('go')) {
        process.stdin.pause();
        resolve();
      }
    });
    process.stdin.once('end', () => reject(new Error('stdin closed before "go"')));
  });
}

async function main(): Promise<void> {
  if (config!.standby) {
    writeLine('standby');
    await waitForGo();
  }
  const app = await NestFactory.createApplicationContext(FaultChildModule, {
    // FAULT_CHILD_LOG=log,warn,error,debug shows more when a scenario needs explaining.
    logger: (process.env.FAULT_CHILD_LOG?.split(',') ?? ['error']) as ('log' | 'warn' | 'error' | 'debug')[],
  });
  const blaze = app.get(MixinBlazeService);
  const stats = (): ChildStats => {
    const s = blaze.stats();
    return { rss: process.memoryUsage().rss, peakBuffered: s.peakBuffered, buffered: s.buffered, running: s.running, state: blaze.state, handled, role: s.cluster?.role, partitions: s.cluster?.partitions.length };
  };
  const timer = setInterval(() => writeLine(`stats ${JSON.stringify(stats())}`), config!.statsIntervalMs ?? 100);
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      const peak = stats();
      app
        .close()
        .then(() => {
          clearInterval(timer);
          // The state before close ('open' while running), with the counters after the drain.
          writeLine(`stats ${JSON.stringify({ ...stats(), state: peak.state, rss: Math.max(peak.rss, process.memoryUsage().rss) })}`);
          writeLine('closed');
          process.exit(0);
        })
        .catch((err: unknown) => {
          process.stderr.write(`fault-matrix-bot: close failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
          process.exit(1);
        });
    });
  }
  writeLine('ready');
}

main().catch((err: unknown) => {
  process.stderr.write(`fault-matrix-bot failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

/**
 * The bot of the hostile-input tests, run as a real child process by `test/hostile/hostile-child.ts`:
 *
 *   node --unhandled-rejections=strict --import ./scripts/ts-loader.mjs test/bots/hostile-bot.ts
 *
 * It installs no 'unhandledRejection' / 'uncaughtException' listener: anything that escapes the
 * library kills it. Configuration comes as JSON in `HOSTILE_BOT_CONFIG` (see {@link HostileBotConfig}).
 *
 * Every event is appended to the journal file with `appendFileSync` (synchronous, so a `done` line is
 * on disk before the handler resolves, hence before its ack can leave the process):
 *   start <id>            a handler attempt began
 *   done <id> <conv> <seq> the handler resolved (seq: the payload's leading integer, or -1)
 *   dead <id> <kind>      a dead-letter hook ran (kind: failed | invalid)
 *   invalid <id>          the onInvalidMessage hook ran
 * stdout carries `ready`, then `stats {json}` every 100 ms and once more after shutdown, then `closed`.
 * SIGTERM / SIGINT: `app.close()`, then exit 0.
 */
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Message,
  MixinBlazeModule,
  MixinBlazeService,
  OnDeadLetter,
  OnMessage,
  type BlazeMessage,
  type DeadLetter,
  type MixinBlazeModuleOptions,
  type RetryPolicy,
  type MixinCategory,
} from 'nestjs-mixin-blaze';

/** What the parent passes in `HOSTILE_BOT_CONFIG`. */
export interface HostileBotConfig {
  /** Module options (JSON): at least `keystore`, `blazeUrl` and `apiUrl`. */
  options: Partial<MixinBlazeModuleOptions> & Pick<MixinBlazeModuleOptions, 'keystore' | 'blazeUrl' | 'apiUrl'>;
  /** The journal file (see the file comment). */
  journal: string;
  /** Categories the handler takes; default `['*']`. */
  categories?: string[];
  /** Milliseconds each handler call takes (default 0). */
  handlerMs?: number;
  /** The handler's retry policy (default: the module's). */
  retry?: Partial<RetryPolicy>;
  /** `autoAck: false`: the handler acks with `ctx.ack()` before resolving. */
  manualAck?: boolean;
}

/** One `stats` line. */
export interface HostileStats {
  /** RSS now, bytes. */
  rss: number;
  /** Peak RSS of the process so far (getrusage maxrss), bytes. */
  maxRss: number;
  /** V8 heap in use, and memory outside it (Buffers), bytes. */
  heapUsed: number;
  heapTotal: number;
  external: number;
  buffered: number;
  peakBuffered: number;
  running: number;
  state: string;
}

function readConfig(): HostileBotConfig {
  const parsed = JSON.parse(process.env.HOSTILE_BOT_CONFIG ?? 'null') as HostileBotConfig | null;
  if (parsed) return parsed;
  process.stderr.write('hostile-bot: HOSTILE_BOT_CONFIG is not set\n');
  process.exit(2);
}
const config = readConfig();
const journal = (line: string) => appendFileSync(config.journal, `${line}\n`);

/** A value whose every way of being turned into text throws. */
function hostileValue(): unknown {
  const boom = () => {
    throw new Error('you cannot print me');
  };
  return { toString: boom, toJSON: boom, valueOf: boom, [Symbol.toPrimitive]: boom, get message() { return boom(); } };
}

/** The payload's text: PLAIN_TEXT / PLAIN_POST text, or the first bytes of a raw (unknown category) payload. */
function textOf(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  return Buffer.isBuffer(payload) ? payload.toString('utf8', 0, 64) : '';
}

@Injectable()
class HostileHandler {
  constructor(private readonly blaze: MixinBlazeService) {}

  // Categories come from the parent as plain strings: the compile-time check cannot see them.
  @OnMessage((config.categories ?? ['*']) as MixinCategory[], { retry: config.retry, autoAck: !config.manualAck })
  async onAny(@Message() message: BlazeMessage): Promise<void> {
    journal(`start ${message.messageId}`);
    const text = textOf(message.payload);
    if (text.startsWith('throw:hostile')) throw hostileValue();
    if (text.startsWith('throw:symbol')) throw Symbol('thrown symbol');
    if (config.handlerMs) await new Promise((resolve) => setTimeout(resolve, config.handlerMs));
    const seq = Number.parseInt(text, 10);
    journal(`done ${message.messageId} ${message.conversationId} ${Number.isFinite(seq) ? seq : -1}`);
    if (config.manualAck) await this.blaze.ack(message.messageId);
  }

  @OnDeadLetter()
  onDeadLetter(letter: DeadLetter): void {
    journal(`dead ${letter.messageId} ${letter.kind}`);
  }
}

@Module({
  imports: [
    MixinBlazeModule.forRoot({
      ...(config.options as MixinBlazeModuleOptions),
      onInvalidMessage: (info) => journal(`invalid ${info.messageId ?? '-'}`),
    }),
  ],
  providers: [HostileHandler],
})
class HostileBotModule {}

const line = (text: string) => process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(HostileBotModule, { logger: ['error', 'warn'] });
  const blaze = app.get(MixinBlazeService);
  const stats = (): HostileStats => {
    const s = blaze.stats();
    return {
      rss: process.memoryUsage().rss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      heapUsed: process.memoryUsage().heapUsed,
      heapTotal: process.memoryUsage().heapTotal,
      external: process.memoryUsage().external,
      buffered: s.buffered,
      peakBuffered: s.peakBuffered,
      running: s.running,
      state: blaze.state,
    };
  };
  const timer = setInterval(() => line(`stats ${JSON.stringify(stats())}`), 100);
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      app
        .close()
        .then(() => {
          clearInterval(timer);
          line(`stats ${JSON.stringify(stats())}`);
          line('closed');
          process.exit(0);
        })
        .catch((err: unknown) => {
          process.stderr.write(`hostile-bot: close failed: ${err instanceof Error ? (err.stack ?? err.message) : 'non-Error'}\n`);
          process.exit(1);
        });
    });
  }
  line('ready');
}

main().catch((err: unknown) => {
  process.stderr.write(`hostile-bot failed: ${err instanceof Error ? (err.stack ?? err.message) : 'non-Error'}\n`);
  process.exit(1);
});

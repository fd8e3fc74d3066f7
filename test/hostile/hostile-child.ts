/**
 * Runs `test/bots/hostile-bot.ts` as a child process under `--unhandled-rejections=strict` against
 * an emulator in the test process, and reads back what it did: its journal (handled, dead-lettered,
 * invalid), its stats (peak RSS) and its exit.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { BotProcess } from '../support/bot-process.js';
import type { HostileBotConfig, HostileStats } from '../bots/hostile-bot.js';
const ESCAPES = ['UnhandledPromiseRejection', 'unhandledRejection', 'uncaughtException', 'triggerUncaughtException', 'FATAL ERROR', 'JavaScript heap out of memory'];
const live = new Set<HostileBot>();

/** Kills every hostile bot still running (test teardown). */
export function killAllHostileBots(): void {
  for (const bot of live) bot.kill();
}

/** What the journal says so far. */
export interface Journal {
  /** Handler attempts started, per id. */
  started: Map<string, number>;
  /** Handler completions, per id. */
  done: Map<string, number>;
  /** Dead-letter hook calls: id → kinds seen. */
  dead: Map<string, string[]>;
  /** onInvalidMessage hook calls, per id. */
  invalid: Map<string, number>;
}

/** A running hostile bot. */
export class HostileBot extends BotProcess {
  stdout = '';
  ready = false;
  closed = false;
  last?: HostileStats;
  /**
   * Highest RSS sampled in a stats line (every 100 ms), bytes. Not the getrusage peak: that one is
   * the boot, where the TypeScript loader compiles the sources (up to ~700 MB here).
   */
  peakRss = 0;
  /** Highest V8 heap use and external (Buffer) memory seen in a stats line, bytes. */
  peakHeap = 0;
  peakExternal = 0;
  /** RSS in the first stats line (the app booted, nothing received yet), bytes. */
  idleRss = 0;
  private readonly dir: string;
  private readonly journalPath: string;

  private constructor(config: Omit<HostileBotConfig, 'journal'>, extraEnv: Record<string, string>, nodeArgs: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-bot-'));
    const journal = join(dir, 'journal.log');
    const env = { ...extraEnv, HOSTILE_BOT_CONFIG: JSON.stringify({ ...config, journal } satisfies HostileBotConfig) };
    super({ script: 'test/bots/hostile-bot.ts', nodeArgs, env, label: 'hostile-bot stderr', stderrCap: 200_000, stderrTail: 10_000 }, live);
    this.dir = dir;
    this.journalPath = journal;
  }

  /**
   * Starts a bot and resolves once it printed `ready`. `nodeArgs` go before the script (for example
   * `--max-old-space-size=…`).
   */
  static async start(config: Omit<HostileBotConfig, 'journal'>, options: { env?: Record<string, string>; nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<HostileBot> {
    const bot = new HostileBot(config, options.env ?? {}, options.nodeArgs ?? []);
    await bot.waitFor(() => bot.ready, options.timeoutMs ?? 20_000, 'the hostile bot to be ready');
    return bot;
  }

  protected onLine(text: string): void {
    if (this.stdout.length > 200_000) this.stdout = this.stdout.slice(0, 100_000) + '\n[...]\n';
    if (text === 'ready') this.ready = true;
    else if (text === 'closed') this.closed = true;
    else if (text.startsWith('stats ')) {
      const stats = JSON.parse(text.slice(6)) as HostileStats;
      this.last = stats;
      if (this.idleRss === 0) this.idleRss = stats.rss;
      this.peakRss = Math.max(this.peakRss, stats.rss);
      this.peakHeap = Math.max(this.peakHeap, stats.heapUsed);
      this.peakExternal = Math.max(this.peakExternal, stats.external);
    } else this.stdout += `${text}\n`;
  }

  /** The journal as it is now. */
  journal(): Journal {
    const j: Journal = { started: new Map(), done: new Map(), dead: new Map(), invalid: new Map() };
    let text = '';
    try {
      text = readFileSync(this.journalPath, 'utf8');
    } catch {
      return j;
    }
    const bump = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
    for (const entry of text.split('\n')) {
      const [kind, id, extra] = entry.split(' ');
      if (kind === 'start') bump(j.started, id);
      else if (kind === 'done') bump(j.done, id);
      else if (kind === 'invalid') bump(j.invalid, id);
      else if (kind === 'dead') j.dead.set(id, [...(j.dead.get(id) ?? []), extra]);
    }
    return j;
  }

  /** Polls `condition` every 20 ms; rejects after `timeoutMs`, or at once if the child exited. */
  async waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.exit) throw new Error(`the hostile bot exited while waiting for ${what}${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.describe()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** SIGTERM, then waits for the exit (SIGKILL after `timeoutMs`). */
  async stop(timeoutMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exit) this.proc.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.exited,
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.kill();
          resolve();
        }, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    await this.exited;
    rmSync(this.dir, { recursive: true, force: true });
    return this.exit!;
  }

  kill(): void {
    if (!this.exit) this.proc.kill('SIGKILL');
  }

  /** Lines of the child's stderr that show something escaped to the process level. */
  escapes(): string[] {
    return ESCAPES.filter((marker) => this.stderr.includes(marker));
  }

  /** Everything the child logged: Nest writes errors to stderr and the other levels to stdout. */
  get output(): string {
    return this.stdout + this.stderr;
  }

  describe(): string {
    const exit = this.exit ? (this.exit.signal ?? String(this.exit.code)) : 'running';
    return `\nchild: ${exit}\n--- child output (tail) ---\n${this.output.slice(-4000).trim()}`;
  }
}

/**
 * Ids the emulator saw acked although the bot never finished them: no `done` line, no dead-letter
 * hook and no invalid hook. Call after the bot stopped, so that the journal is complete.
 */
export function earlyAcks(emu: BlazeEmulator, journal: Journal): string[] {
  return emu.acks
    .map((a) => a.messageId)
    .filter((id) => !journal.done.has(id) && !journal.dead.has(id) && !journal.invalid.has(id));
}

/** What a hostile run should end with: exit 0, nothing escaped to the process level, no ack before its handler finished. */
export const SURVIVED: HostileVerdict = { exit: { code: 0, signal: null }, escapes: [], earlyAcks: [] };

/** How a hostile run ended. */
export interface HostileVerdict {
  exit: { code: number | null; signal: NodeJS.Signals | null };
  escapes: string[];
  earlyAcks: string[];
}

/**
 * Stops the bot (SIGTERM) and returns its journal, read first (stopping removes it), with the
 * verdict to compare with {@link SURVIVED}.
 */
export async function finishBot(bot: HostileBot, emu: BlazeEmulator): Promise<{ journal: Journal; verdict: HostileVerdict }> {
  const journal = bot.journal();
  const exit = await bot.stop();
  return { journal, verdict: { exit, escapes: bot.escapes(), earlyAcks: earlyAcks(emu, journal) } };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { recordSuiteLog } from './suite-log.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a bot script under `test/bots/` is started. */
export interface BotProcessOptions {
  /** The script, from the repository root, e.g. `test/bots/hostile-bot.ts`. */
  script: string;
  /** Node flags before the script (for example `--max-old-space-size=…`). */
  nodeArgs?: string[];
  /** Added to the environment (the bot's config goes here). */
  env: Record<string, string>;
  /** 'pipe' for a bot that waits for a line on stdin before it starts. */
  stdin?: 'pipe' | 'ignore';
  /** Its stderr goes into the suite log under this name, for the suite-wide secret scan. */
  label: string;
  /** Past this many characters of stderr, only the head and the newest chunks are kept. */
  stderrCap: number;
  /** How much of each newest chunk is kept once over the cap (default: all of it). */
  stderrTail?: number;
}

/**
 * A bot run as a real child process under `--unhandled-rejections=strict`, so that anything
 * escaping the library kills it: its stdout read line by line (`onLine`), its stderr kept head
 * and tail (enough to explain a failure, bounded when a case floods the log), and its exit.
 */
export abstract class BotProcess {
  protected readonly proc: ChildProcess;
  stderr = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Resolves once the process exited, or could not be started. */
  protected readonly exited: Promise<void>;

  protected constructor(options: BotProcessOptions, live: Set<BotProcess>) {
    this.proc = spawn(process.execPath, [...(options.nodeArgs ?? []), '--unhandled-rejections=strict', '--import', './scripts/ts-loader.mjs', options.script], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
      stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
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
    const cap = options.stderrCap;
    this.proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      recordSuiteLog(options.label, chunk);
      this.stderr = this.stderr.length > cap ? this.stderr.slice(0, cap / 2) + '\n[...]\n' + chunk.slice(-(options.stderrTail ?? Infinity)) : this.stderr + chunk;
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

  /** The process id (as the bot writes it in its lines). */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** One line the bot printed on stdout. */
  protected abstract onLine(line: string): void;
}

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { recordSuiteLog } from './support/suite-log.js';

/**
 * "No handler error, rejected ack, send failure or malformed frame ever becomes an unhandled
 * rejection or an uncaught exception." Jest intercepts process-level errors, so the proof runs in a
 * real child process (`test/bots/survivor-bot.ts`) started with `--unhandled-rejections=strict`
 * and no process-level error listeners: anything that escapes the library kills it.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const CHILD_TIMEOUT_MS = 60_000;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

function runSurvivor(): Promise<ChildResult> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['--unhandled-rejections=strict', '--import', './scripts/ts-loader.mjs', 'test/bots/survivor-bot.ts'],
    { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, CHILD_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      recordSuiteLog('survivor-bot', stdout + stderr);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
    });
  });
}

/** The numbers after each word of a `scenario <name>: word n word n ...` line. */
function scenario(stdout: string, name: string): Record<string, string> {
  const line = stdout.split('\n').find((l) => l.startsWith(`scenario ${name}:`));
  if (!line) throw new Error(`no "scenario ${name}" line in the child's output:\n${stdout}`);
  const fields: Record<string, string> = {};
  const words = line.slice(line.indexOf(':') + 1).trim().split(/\s+/);
  for (let i = 0; i + 1 < words.length; i += 2) fields[words[i]] = words[i + 1];
  return fields;
}

describe('the bot process survives every failure the library handles', () => {
  let result: ChildResult;

  beforeAll(async () => {
    result = await runSurvivor();
  }, CHILD_TIMEOUT_MS + 10_000);

  it('exits 0 on its own after printing SURVIVED, with nothing escaping to the process level', () => {
    const report = `exit ${result.code} signal ${result.signal} after ${result.ms} ms${result.timedOut ? ' (killed on timeout)' : ''}\n` +
      `--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
    expect({ timedOut: result.timedOut, code: result.code, report }).toEqual({ timedOut: false, code: 0, report });
    expect(result.stdout).toMatch(/^SURVIVED 4 scenarios$/m);
    for (const escaped of ['UnhandledPromiseRejection', 'unhandledRejection', 'uncaughtException', 'triggerUncaughtException']) {
      expect(result.stderr).not.toContain(escaped);
    }
    expect(result.stderr).not.toMatch(/^Node\.js v\d+/m); // the banner Node prints when it dies of an uncaught error
    expect(result.stderr).not.toContain('survivor-bot failed');
  });

  it('handler errors (Error, string, undefined, null, a late rejection) were retried, dead-lettered and acked', () => {
    expect(scenario(result.stdout, 'handler-errors')).toEqual({ messages: '5', 'dead-lettered': '5', acked: '5', attempts: '10' });
  });

  it('rejected acks (3 resets, then 3 HTTP 500s) were retried until both landed', () => {
    expect(scenario(result.stdout, 'ack-failures')).toEqual({ refused: '6', acked: '2' });
  });

  it('send failures (error reply, reset mid-send; in and outside handlers) were contained and the socket reconnected', () => {
    const s = scenario(result.stdout, 'send-failures');
    expect(s).toMatchObject({ refused: '4', 'handler-send-errors': '2', 'outside-send-errors': '2', replies: '2', acked: '2' });
    expect(Number(s.reconnects)).toBeGreaterThanOrEqual(2);
  });

  it('malformed frames were dropped or acked as invalid without losing the connection', () => {
    const s = scenario(result.stdout, 'malformed-frames');
    expect(Number(s.frames)).toBeGreaterThanOrEqual(50);
    expect(Number(s.invalid)).toBeGreaterThan(0);
    expect(Number(s.ackable)).toBeGreaterThan(0);
    expect(s.acked).toBe(s.ackable);
    expect(s['same-connection']).toBe('yes');
    expect(Number(s['oversize-reconnect'])).toBe(0);
  });
});

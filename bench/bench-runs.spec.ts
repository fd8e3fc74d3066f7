/**
 * `npm run bench` still runs: the whole benchmark in quick mode (N=300, 1 round, short steady
 * phase) as a child process, the way a developer runs it. Only that it completes is checked:
 * every contender has a row with numbers and every message was acked. No timing assertions.
 * It takes up to a minute, so it runs with `npm run test:bench` (jest.bench.config.js), not `npm test`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { recordSuiteLog } from '../test/support/suite-log.js';
import type { Summary } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONTENDERS = ['floor', 'official', 'ours-http', 'ours-socket'];

function runBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', 'bench/run.ts'], {
      cwd: ROOT,
      env: { ...process.env, BENCH_QUICK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bench did not finish within 55 s\n${stdout}\n${stderr}`));
    }, 55_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      recordSuiteLog('bench', stdout + stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run bench (quick mode)', () => {
  it('runs every contender to the end, with numbers, and every message acked', async () => {
    const { code, stdout, stderr } = await runBench();
    const jsonLine = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
    if (code !== 0 || !jsonLine) throw new Error(`bench exited with ${code}\n${stdout}\n${stderr}`);
    const report = JSON.parse(jsonLine.slice('BENCH_JSON '.length)) as { n: number; summaries: Summary[] };

    expect(report.summaries.map((s) => s.contender)).toEqual(CONTENDERS);
    for (const s of report.summaries) {
      expect({ contender: s.contender, failures: s.failures, allAcked: s.allAcked, acked: s.ackedMin }).toEqual({
        contender: s.contender,
        failures: 0,
        allAcked: true,
        acked: report.n,
      });
      for (const figure of [s.backlogMsgPerSec, s.p50Ms, s.p99Ms, s.peakRssMb, s.cpuSecPer10k]) {
        expect(Number.isFinite(figure) && figure > 0).toBe(true);
      }
      // 0 is a legitimate outcome (no ramp step held), just not a missing one.
      expect(Number.isFinite(s.sustainableRate)).toBe(true);
    }
    // The printed table has a row per contender.
    for (const name of CONTENDERS) expect(stdout).toMatch(new RegExp(`^${name}\\s+[\\d,]+\\s`, 'm'));
  }, 60_000);
});

/**
 * `npm run bench` still runs: the whole benchmark in quick mode (N=300, 1 round, short steady
 * phase) as a child process, the way a developer runs it. Only that it completes is checked:
 * every contender has a row with numbers and every message was acked. No timing assertions.
 * The same for `npm run bench -- --cluster` (quick: 1 and 2 processes, a 1 000-message burst per
 * mode, one leader kill), against a real redis-server.
 * Each takes up to a minute, so they run with `npm run test:bench` (jest.bench.config.js), not `npm test`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { recordSuiteLog } from '../test/support/suite-log.js';
import type { ClusterBenchReport } from './cluster/cluster-report.js';
import type { Summary } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONTENDERS = ['floor', 'official', 'ours-http', 'ours-socket'];

/** Runs `npm run bench` in quick mode with `args`; the BENCH_JSON report, or throws with the output. */
function runBench<T>(args: string[], log: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', './scripts/ts-loader.mjs', 'bench/run.ts', ...args], {
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
      recordSuiteLog(log, stdout + stderr);
      const jsonLine = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (code !== 0 || !jsonLine) return reject(new Error(`bench exited with ${code}\n${stdout}\n${stderr}`));
      resolve({ ...(JSON.parse(jsonLine.slice('BENCH_JSON '.length)) as T), stdout } as T);
    });
  });
}

describe('npm run bench (quick mode)', () => {
  it('runs every contender to the end, with numbers, and every message acked', async () => {
    const report = await runBench<{ n: number; summaries: Summary[]; stdout: string }>([], 'bench');
    const { stdout } = report;

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

describe('npm run bench -- --cluster (quick mode)', () => {
  it('runs scaling, throughput and failover to the end, with numbers, never two readers', async () => {
    const { summary: s } = await runBench<ClusterBenchReport>(['--cluster'], 'bench-cluster');
    expect(s.failures).toBe(0);
    expect(Object.keys(s.scaling)).toEqual(['1', '2']);
    for (const rate of Object.values(s.scaling)) expect(Number.isFinite(rate) && rate > 0).toBe(true);
    expect(Object.keys(s.throughput)).toEqual(['in-process', 'redis, 1 process', 'redis, 2 processes']);
    for (const t of Object.values(s.throughput)) {
      for (const figure of [t.msgPerSec, t.p50Ms, t.p99Ms]) expect(Number.isFinite(figure) && figure > 0).toBe(true);
    }
    const failover = Object.values(s.failover);
    expect(failover.map((f) => f.kills)).toEqual([1]);
    expect(Number.isFinite(failover[0].openMedianMs) && Number.isFinite(failover[0].ackMedianMs)).toBe(true);
    expect(s.peakConnections).toBe(1);
  }, 60_000);
});

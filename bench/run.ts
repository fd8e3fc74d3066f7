/**
 * `npm run bench`: the orchestrator. It starts the emulator in a server process (bench/server.ts)
 * and each contender in a process of its own, in turn, so the server and the bot each get a core.
 *
 *   npm run bench                          5 backlog rounds, then 3 steady-rate rounds, every contender, N=20000
 *   npm run bench -- --mode=rss            100,000-message backlog, 10 ms handler, ours: peak RSS and order
 *   npm run bench -- --n=5000 --rounds=1 --contenders=floor,ours-http --profile
 *   BENCH_QUICK=1 npm run bench            N=300, 1 round, short steady phase: "the bench still runs"
 *   npm run bench -- --cluster             cluster mode on Redis instead (bench/cluster/run-cluster.ts)
 *
 * The last line of output is `BENCH_JSON <json>` with every figure, for tools and tests.
 */
import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  median,
  type BacklogResult,
  type FromContender,
  type FromServer,
  type SteadyConfig,
  type SteadyResult,
  type ToContender,
  type ToServer,
} from './shared.js';
import { describeRun, printReport, summarise, type RunResult } from './report.js';
import { buildBench } from './build.js';
import { killAll, Proc, type ProcLaunch } from './proc.js';
import { runClusterBench } from './cluster/run-cluster.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOADER = ['--import', './scripts/ts-loader.mjs'];

interface ContenderDef {
  file: string;
  env: Record<string, string>;
  label: string;
}

const CONTENDERS: Record<string, ContenderDef> = {
  floor: { file: 'bench/contenders/floor.ts', env: {}, label: 'floor (ws+zlib+JSON, HTTP acks x100)' },
  official: { file: 'bench/contenders/official-sdk.ts', env: {}, label: 'official SDK 7.5.5 (syncAck)' },
  'ours-http': { file: 'bench/contenders/ours.ts', env: { BENCH_ACK: 'http' }, label: 'ours (Nest, ackTransport http)' },
  'ours-socket': { file: 'bench/contenders/ours.ts', env: { BENCH_ACK: 'socket' }, label: 'ours (Nest, ackTransport socket)' },
  // Observability on (README, "Health and metrics"); not in the default list, pick them with --contenders.
  'ours-http-metrics': { file: 'bench/contenders/ours.ts', env: { BENCH_ACK: 'http', BENCH_METRICS: '1' }, label: 'ours (http acks, metrics on)' },
  'ours-http-otel': { file: 'bench/contenders/ours.ts', env: { BENCH_ACK: 'http', BENCH_TRACING: '1' }, label: 'ours (http acks, tracing on, API without SDK)' },
  'ours-http-otel-rec': { file: 'bench/contenders/ours.ts', env: { BENCH_ACK: 'http', BENCH_TRACING: 'record' }, label: 'ours (http acks, tracing on, a recording tracer)' },
};

// ---------------------------------------------------------------- arguments

const args = new Map<string, string>();
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (m) args.set(m[1], m[2] ?? 'true');
}
const quick = process.env.BENCH_QUICK === '1' || args.get('quick') === 'true';
const mode = (args.get('mode') ?? 'main') as 'main' | 'rss';
if (mode !== 'main' && mode !== 'rss') throw new Error(`--mode must be main or rss, not ${mode}`);
const rssMode = mode === 'rss';
const n = Number(args.get('n') ?? (rssMode ? (quick ? 2_000 : 100_000) : quick ? 300 : 20_000));
const rounds = Number(args.get('rounds') ?? (quick || rssMode ? 1 : 5));
const conversations = Number(args.get('conversations') ?? (rssMode ? 1000 : quick ? 50 : 500));
const handlerMs = Number(args.get('handler-ms') ?? (rssMode ? 10 : 0));
const contenderNames = (args.get('contenders') ?? (rssMode ? 'ours-http' : 'floor,official,ours-http,ours-socket')).split(',');
const withSteady = !rssMode && args.get('steady') !== 'false';
const steadyRounds = Number(args.get('steady-rounds') ?? (quick ? 1 : 3));
const profile = args.get('profile') === 'true';
// Default: children run JavaScript transpiled into dist/bench (no TypeScript compiler in the measured processes).
const useLoader = args.get('loader') === 'true';
// The emulator gzips each push; encoding the backlog's frames at load time keeps that out of the timed window.
const preencode = args.get('preencode') !== 'false';
const verbose = process.env.BENCH_VERBOSE === '1' || args.get('verbose') === 'true';
for (const c of contenderNames) if (!CONTENDERS[c]) throw new Error(`unknown contender ${c}; known: ${Object.keys(CONTENDERS).join(', ')}`);

/** Steady-rate tuning; startRate is overwritten per run from that run's backlog throughput. */
const STEADY: SteadyConfig = quick
  ? { startRate: 200, factor: 2, stepMs: 300, maxSteps: 2, lagS: 0.25, slack: 100, latencyMs: 500, drainTimeoutMs: 10_000 }
  : { startRate: 500, factor: 1.2, stepMs: 1500, maxSteps: 14, lagS: 0.25, slack: 100, latencyMs: 3000, drainTimeoutMs: 30_000 };
// Generous: the slowest contender must finish, but nothing may hang forever.
const backlogDeadlineMs = 30_000 + n * (rssMode ? 5 : 3);
const steadyDeadlineMs = STEADY.maxSteps * STEADY.stepMs + STEADY.latencyMs + 3 * STEADY.drainTimeoutMs + 10_000;
const globalDeadlineMs = Number(args.get('deadline-ms') ?? (quick ? 55_000 : 3_600_000));

// ---------------------------------------------------------------- child processes

let buildDir = ROOT;
/** How children start: the transpiled JavaScript in dist/bench, or TypeScript through the loader. */
const launch = (): ProcLaunch => ({ root: ROOT, buildDir, loader: useLoader ? LOADER : undefined, verbose });
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
const globalTimer = setTimeout(() => {
  console.error(`bench: global deadline of ${globalDeadlineMs} ms reached, giving up`);
  killAll();
  process.exit(4);
}, globalDeadlineMs);
globalTimer.unref();

type ServerProc = Proc<FromServer, ToServer>;
type ContenderProc = Proc<FromContender, ToContender>;

let server: ServerProc | undefined;
function startServer(): ServerProc {
  return new Proc<FromServer, ToServer>(launch(), 'server', 'bench/server.ts', {}, profile ? profileArgs('server') : []);
}

/** --cpu-prof flags for one process, written to dist/bench-profiles/. */
function profileArgs(name: string): string[] {
  const dir = join(ROOT, 'dist', 'bench-profiles');
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`];
}

// ---------------------------------------------------------------- one run


async function runOne(name: string, round: number, phase: RunResult['phase']): Promise<RunResult> {
  const def = CONTENDERS[name];
  const result: RunResult = { contender: name, round, phase };
  let child: ContenderProc | undefined;
  try {
    server ??= startServer();
    server.send({ type: 'load', n, conversations, preencode });
    const loaded = await server.waitFor('loaded', 60_000);
    const execArgv = profile ? profileArgs(`${name}-r${round}`) : [];
    child = new Proc<FromContender, ToContender>(launch(), name, def.file, {
      ...def.env,
      BENCH_EMU: JSON.stringify(loaded.endpoint),
      BENCH_HANDLER_MS: String(handlerMs),
      BENCH_CONTENDER_DEADLINE_MS: String(backlogDeadlineMs + steadyDeadlineMs + 60_000),
    }, execArgv);
    await child.waitFor('connected', 60_000);
    const backlog = await server.waitFor('backlogDone', backlogDeadlineMs);
    result.backlog = backlog.result;
    child.send({ type: 'snapshot' });
    const snap = await child.waitFor('snapshot', 10_000);
    result.cpuSecPer10k = (snap.cpuUs / 1e6) * (10_000 / n);
    result.peakRssMb = snap.maxRssKb / 1024;
    result.handled = snap.handled;
    result.orderViolations = snap.orderViolations;
    if (phase === 'steady') {
      const startRate = Math.max(50, Math.round((quick ? STEADY.startRate : backlog.result.msgPerSec * 0.3) / 10) * 10);
      server.send({ type: 'steady', config: { ...STEADY, startRate } });
      result.steady = (await server.waitFor('steadyDone', steadyDeadlineMs)).result;
    }
    child.send({ type: 'stop' });
    const stopped = await child.waitFor('stopped', 15_000);
    result.handled = stopped.handled;
    result.orderViolations = stopped.orderViolations;
  } catch (err) {
    result.error = (err as Error).message;
    // A failed run may leave the server mid-phase: start a fresh one for the next run.
    await server?.kill(0);
    server = undefined;
  } finally {
    if (child) {
      child.send({ type: 'stop' });
      await child.kill(profile ? 10_000 : 3_000);
    }
  }
  return result;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  if (!useLoader) buildDir = buildBench(ROOT);
  if (args.get('cluster') === 'true') {
    const report = await runClusterBench({ launch, args, quick });
    console.log(`\ncluster bench finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`BENCH_JSON ${JSON.stringify({ mode: 'cluster', quick, ...report })}`);
    process.exitCode = report.summary.failures ? 1 : 0;
    return;
  }
  console.log(
    `nestjs-mixin-blaze bench: mode=${mode}${quick ? ' (quick)' : ''}, N=${n}, ${conversations} conversations, ` +
      `${rounds} round(s), handler ${handlerMs} ms, backlog frames ${preencode ? 'pre-encoded' : 'gzipped per push'}, ` +
      `contenders ${contenderNames.join(', ')}; ` +
      `${cpus().length} CPU(s), Node ${process.version}; server and bot in separate processes`,
  );
  const all: RunResult[] = [];
  // Rounds interleave the contenders, every other one in reverse order, so that drift and position
  // hit all alike. The backlog rounds come first and back to back: the ratios pair runs of the
  // same round, and a steady ramp between them would put a quarter of a minute between a pair.
  // The official SDK takes ten times as long as the others: it runs at an end of each round, so
  // that ours and the floor run next to each other.
  const runOrder = [...contenderNames.filter((c) => c !== 'official'), ...contenderNames.filter((c) => c === 'official')];
  const phases: Array<[RunResult['phase'], number]> = [['backlog', rounds]];
  if (withSteady) phases.push(['steady', steadyRounds]);
  for (const [phase, count] of phases) {
    for (let round = 1; round <= count; round++) {
      for (const name of round % 2 === 1 ? runOrder : [...runOrder].reverse()) {
        const r = await runOne(name, round, phase);
        all.push(r);
        console.log(describeRun(r));
      }
    }
  }
  if (server) {
    server.send({ type: 'close' });
    await server.waitFor('closed', 5_000).catch(() => undefined);
    await server.kill(2_000);
  }

  const summaries = contenderNames.map((name) => summarise(name, CONTENDERS[name].label, all.filter((r) => r.contender === name), n));
  printReport({ summaries, all, rounds, steadyRounds, withSteady, rssMode, n, handlerMs, steady: STEADY });
  const failures = all.filter((r) => r.error);
  if (failures.length) console.log(`\n${failures.length} run(s) failed:\n${failures.map(describeRun).join('\n')}`);
  console.log(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`BENCH_JSON ${JSON.stringify({ mode, quick, n, rounds, conversations, handlerMs, summaries, runs: all })}`);
  process.exitCode = failures.length ? 1 : 0;
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    killAll();
    clearTimeout(globalTimer);
  });

/** The bench's report: the table of medians, the ratios of ours to the others, the targets. */
import { median, type BacklogResult, type SteadyConfig, type SteadyResult } from './shared.js';
import { formatTable, num, ratio, target, type Row } from './table.js';

/** One contender's run: a backlog, and in the steady phase a rate ramp after it. */
export interface RunResult {
  contender: string;
  round: number;
  /** 'backlog' runs give the backlog, CPU and RSS figures; 'steady' runs (a backlog, then the ramp) the steady ones. */
  phase: 'backlog' | 'steady';
  backlog?: BacklogResult;
  steady?: SteadyResult;
  cpuSecPer10k?: number;
  peakRssMb?: number;
  handled?: number;
  orderViolations?: number;
  error?: string;
}

/** One contender's figures: medians over its runs. */
export interface Summary {
  contender: string;
  label: string;
  runs: number;
  failures: number;
  backlogMsgPerSec: number;
  backlogWallMs: number;
  serverCpuPct: number;
  sustainableRate: number;
  latencyRate: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  cpuSecPer10k: number;
  allAcked: boolean;
  ackedMin: number;
  orderViolations: number;
}

/** What the report needs to know about the whole bench run. */
export interface ReportInput {
  summaries: Summary[];
  all: RunResult[];
  rounds: number;
  steadyRounds: number;
  withSteady: boolean;
  rssMode: boolean;
  n: number;
  handlerMs: number;
  steady: SteadyConfig;
}

export function printReport({ summaries, all, rounds, steadyRounds, withSteady, rssMode, n, handlerMs, steady }: ReportInput): void {
  const rows: Row[] = summaries.map((s) => ({
    name: s.contender,
    cells: {
      backlog: num(s.backlogMsgPerSec),
      wall: num(s.backlogWallMs / 1000, 2),
      srv: num(s.serverCpuPct),
      steady: num(s.sustainableRate),
      p50: num(s.p50Ms, 1),
      p99: num(s.p99Ms, 1),
      at: num(s.latencyRate),
      rss: num(s.peakRssMb),
      cpu: num(s.cpuSecPer10k, 2),
      acked: s.allAcked ? `all ${n}` : `FAIL ${s.ackedMin}/${n}`,
      order: String(s.orderViolations),
    },
  }));
  const columns = [
    { key: 'name', title: 'contender' },
    { key: 'backlog', title: 'backlog msg/s' },
    { key: 'wall', title: 'backlog s' },
    { key: 'srv', title: 'server CPU%' },
    ...(withSteady
      ? [
          { key: 'steady', title: 'max steady msg/s' },
          { key: 'p50', title: 'p50 ms' },
          { key: 'p99', title: 'p99 ms' },
          { key: 'at', title: '@ msg/s' },
        ]
      : []),
    { key: 'rss', title: 'peak RSS MB' },
    { key: 'cpu', title: 'CPU s/10k' },
    { key: 'acked', title: 'acked' },
    { key: 'order', title: 'order breaks' },
  ];
  console.log(`\nMedians of ${rounds} backlog round(s)${withSteady ? ` and ${steadyRounds} steady round(s)` : ''} (N=${n}):\n`);
  console.log(formatTable(columns, rows));
  console.log(
    '\n  backlog msg/s: N / (first push → last ack), timed in the server process. server CPU%: the emulator process over the' +
      '\n  same window (near 100% means the server, not the bot, is the limit). p50/p99: push → ack of live messages injected at' +
      '\n  half the contender\'s own highest held rate ("@ msg/s"). max steady: highest ramp rate after which at most' +
      `\n  rate x ${steady.lagS} s + ${steady.slack} messages were unacked. peak RSS and CPU: the bot process (maxRSS, process.cpuUsage()` +
      '\n  from just before connecting to the last backlog ack).',
  );

  // Rounds run the contenders one after the other, so each round's pair shares the machine's
  // state of the moment; the median of per-round ratios is steadier than a ratio of medians.
  const paired = (a: string, b: string) => {
    const rate = (c: string, r: number) => all.find((x) => x.contender === c && x.round === r && x.phase === 'backlog')?.backlog?.msgPerSec;
    const rs: number[] = [];
    for (let r = 1; r <= rounds; r++) {
      const x = rate(a, r);
      const y = rate(b, r);
      if (x !== undefined && y !== undefined && y > 0) rs.push(x / y);
    }
    return rs.length ? { median: median(rs), min: Math.min(...rs), max: Math.max(...rs) } : undefined;
  };
  const pairedText = (p: ReturnType<typeof paired>) =>
    p ? `${p.median.toFixed(2)}x${rounds > 1 ? ` (rounds ${p.min.toFixed(2)}-${p.max.toFixed(2)})` : ''}` : '-';
  const by = new Map(summaries.map((s) => [s.contender, s]));
  const floor = by.get('floor');
  const official = by.get('official');
  const ours = summaries.filter((s) => s.contender.startsWith('ours'));
  if (ours.length && (floor || official)) {
    console.log('\nRatios (ours / other; backlog: median of per-round ratios):');
    for (const o of ours) {
      const parts: string[] = [];
      if (floor) parts.push(`backlog vs floor ${pairedText(paired(o.contender, 'floor'))}`);
      if (official) parts.push(`backlog vs official ${pairedText(paired(o.contender, 'official'))}`);
      if (withSteady && floor) parts.push(`max steady vs floor ${ratio(o.sustainableRate, floor.sustainableRate)}`);
      if (withSteady && official) parts.push(`max steady vs official ${ratio(o.sustainableRate, official.sustainableRate)}`);
      if (floor) parts.push(`CPU/10k vs floor ${ratio(o.cpuSecPer10k, floor.cpuSecPer10k)}`);
      if (official) parts.push(`CPU/10k vs official ${ratio(o.cpuSecPer10k, official.cpuSecPer10k)}`);
      console.log(`  ${o.contender}: ${parts.join(', ')}`);
    }
  }

  console.log('\nTargets (measured, not asserted):');
  for (const o of ours) {
    if (!rssMode) {
      if (floor) {
        const p = paired(o.contender, 'floor');
        console.log(target(`${o.contender} backlog >= 0.8 x floor`, pairedText(p), p ? p.median >= 0.8 : undefined));
      }
      if (official) {
        const p = paired(o.contender, 'official');
        console.log(target(`${o.contender} backlog >= 3 x official SDK`, pairedText(p), p ? p.median >= 3 : undefined));
      }
      if (withSteady) {
        console.log(
          target(`${o.contender} p99 push->ack < 250 ms at half its sustainable rate`, `${num(o.p99Ms, 1)} ms @ ${num(o.latencyRate)} msg/s`,
            Number.isFinite(o.p99Ms) ? o.p99Ms < 250 : undefined),
        );
      }
    } else {
      console.log(target(`${o.contender} ${n} backlog, ${handlerMs} ms handler: peak RSS < 300 MB`, `${num(o.peakRssMb)} MB`,
        Number.isFinite(o.peakRssMb) ? o.peakRssMb < 300 : undefined));
      console.log(target(`${o.contender} per-conversation order holds`, `${o.orderViolations} breaks`, o.allAcked ? o.orderViolations === 0 : undefined));
      console.log(target(`${o.contender} every message acked`, o.allAcked ? `all ${n}` : `${o.ackedMin}/${n}`, o.allAcked));
    }
  }
}

/** One line for one run, as it finishes. */
export function describeRun(r: RunResult): string {
  if (r.error) return `  ${r.contender} ${r.phase} round ${r.round}: FAILED ${r.error}`;
  const b = r.backlog!;
  const parts = [
    `${num(b.msgPerSec)} msg/s backlog (${num(b.wallMs)} ms, server ${b.serverCpuPct}% CPU)`,
    `CPU ${num(r.cpuSecPer10k, 2)} s/10k`,
    `peak RSS ${num(r.peakRssMb, 0)} MB`,
    `acked ${b.acked}/${b.n}${b.duplicateAcks ? ` (+${b.duplicateAcks} dup)` : ''}`,
    `order breaks ${r.orderViolations}`,
  ];
  if (r.steady) {
    const s = r.steady;
    parts.push(
      `steady max ${num(s.sustainableRate)} msg/s [${s.steps.map((x) => `${x.rate}${x.held ? '✓' : '✗'}`).join(' ')}]`,
      `p50/p99 ${num(s.p50Ms, 1)}/${num(s.p99Ms, 1)} ms @ ${num(s.latencyRate)} msg/s`,
    );
  }
  return `  ${r.contender} ${r.phase} round ${r.round}: ${parts.join(', ')}`;
}

/** The medians of one contender's runs; `n` is the backlog size every run had to ack. */
export function summarise(name: string, label: string, runs: RunResult[], n: number): Summary {
  const ok = runs.filter((r) => !r.error && r.backlog);
  const backlogRuns = ok.filter((r) => r.phase === 'backlog');
  const steadyRuns = ok.filter((r) => r.phase === 'steady');
  const pickFrom = (from: RunResult[], f: (r: RunResult) => number | undefined) => median(from.map((r) => f(r) ?? Number.NaN));
  const pick = (f: (r: RunResult) => number | undefined) => pickFrom(backlogRuns, f);
  return {
    contender: name,
    label,
    runs: runs.length,
    failures: runs.length - ok.length,
    backlogMsgPerSec: pick((r) => r.backlog?.msgPerSec),
    backlogWallMs: pick((r) => r.backlog?.wallMs),
    serverCpuPct: pick((r) => r.backlog?.serverCpuPct),
    sustainableRate: pickFrom(steadyRuns, (r) => r.steady?.sustainableRate),
    latencyRate: pickFrom(steadyRuns, (r) => r.steady?.latencyRate),
    p50Ms: pickFrom(steadyRuns, (r) => r.steady?.p50Ms),
    p99Ms: pickFrom(steadyRuns, (r) => r.steady?.p99Ms),
    peakRssMb: pick((r) => r.peakRssMb),
    cpuSecPer10k: pick((r) => r.cpuSecPer10k),
    allAcked:
      ok.length === runs.length &&
      ok.every((r) => r.backlog!.acked === n && r.backlog!.done && (r.phase === 'backlog' || r.steady?.allAcked === true)),
    ackedMin: ok.length ? Math.min(...ok.map((r) => r.backlog!.acked)) : 0,
    orderViolations: ok.reduce((sum, r) => sum + (r.orderViolations ?? 0), 0),
  };
}

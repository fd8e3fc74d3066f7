/**
 * Cluster mode under faults (issue 12): five chaos scenarios, each with the fault matrix's checks.
 * Replicas are child processes under --unhandled-rejections=strict; Redis is a real redis-server.
 */
import { CLUSTER_SCENARIOS, runClusterScenario } from './cluster/cluster-scenarios.js';
import { killAllChildren } from './fault-matrix/bot-child.js';

const N = 600;

describe('cluster chaos (real Redis, replicas as processes)', () => {
  afterAll(() => killAllChildren());

  it.each(CLUSTER_SCENARIOS.map((s) => [s.name, s] as const))('%s: 0 lost, 0 early acks, order kept, one reader, doubles only where forced', async (_name, scenario) => {
    const report = await runClusterScenario(scenario.name, scenario.fault, N, 100_000);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    expect(report).toMatchObject({ lost: 0, earlyAcks: 0, unforcedTwice: 0, orderViolations: 0, sentTwice: 0, peakReaders: 1 });
    // The work was spread: more than one replica handled messages.
    expect(report.spread.filter((x) => x > 0).length).toBeGreaterThan(1);
    // A rolling restart hands the work to the new replicas.
    if (scenario.name.includes('rolling')) expect(report.spread.slice(3).some((x) => x > 0)).toBe(true);
  }, 120_000);
});

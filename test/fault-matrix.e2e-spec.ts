import { runScenario } from './fault-matrix/harness.js';
import { SCENARIOS } from './fault-matrix/scenarios.js';

// Test scale: big enough to cross batch sizes and fault periods, small enough for the suite. `npm run soak` runs it long.
const SCALE = Number(process.env.MATRIX_SCALE ?? 800);

describe('fault matrix: nothing lost, nothing acked early, the process survives', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const report = await runScenario(scenario, SCALE, 60_000);
    expect(report).toMatchObject({
      handled: report.fed,
      acked: report.fed,
      lost: 0,
      leftOnServer: 0,
      handledTwice: 0,
      earlyAcks: 0,
      sentTwice: 0,
      orderViolations: 0,
      finalState: 'open',
    });
    expect(report.fed).toBeGreaterThanOrEqual(SCALE * 0.99);
    // Bounded memory: never more unfinished messages than the high-water mark.
    expect(report.peakBuffered).toBeLessThanOrEqual(1000);
  }, 120_000);
});

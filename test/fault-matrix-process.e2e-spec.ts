import { killAllChildren } from './fault-matrix/bot-child.js';
import { EARLY_ACK_CANARY, PROCESS_SCENARIOS } from './fault-matrix/process-scenarios.js';

/**
 * Fault matrix scenarios 8 and 9: the bot is a real child process (`test/bots/fault-matrix-bot.ts`)
 * and the emulator lives here, so it outlives the bot. The process is stopped mid-backlog and started
 * again; the checks come from the emulator's acks and the child's synchronous done-file.
 * `npm run soak` runs them long.
 */
const SCALE = Number(process.env.MATRIX_PROCESS_SCALE ?? 600);
const [sigkill, sigterm] = PROCESS_SCENARIOS;

describe('fault matrix: the bot process is stopped mid-backlog and started again', () => {
  afterAll(() => killAllChildren());

  it(`${sigkill.name}: every unacked message is redelivered and handled, none acked before its handler finished`, async () => {
    const report = await sigkill.run(SCALE, 40_000);
    const summary = JSON.stringify(report);
    // The kill landed mid-backlog: some acked before it, some left for the second process.
    expect(report.ackedAtKill).toBeGreaterThanOrEqual(Math.floor(SCALE / 3));
    expect(report.ackedByFirst).toBeLessThan(SCALE);
    expect(report.firstExit).toBe('SIGKILL');
    expect(report).toMatchObject({
      fed: SCALE,
      handled: SCALE,
      acked: SCALE,
      lost: 0,
      leftOnServer: 0,
      earlyAcks: 0,
      sentTwice: 0,
      orderViolations: 0,
      finalState: 'open',
      secondExit: '0',
    });
    // Handled twice only where the crash forced it: the handler had finished but its ack had not landed.
    expect(report.handledTwice <= report.crashForced ? 'within crashForced' : `handledTwice > crashForced: ${summary}`).toBe(
      'within crashForced',
    );
    expect(report.peakBuffered).toBeLessThanOrEqual(1000);
  }, 50_000);

  it(`${sigterm.name}: running handlers finish, their acks are flushed, exit 0, the rest is redelivered`, async () => {
    const report = await sigterm.run(SCALE, 40_000);
    expect(report.ackedAtKill).toBeGreaterThanOrEqual(Math.floor(SCALE / 4));
    // Something was left for the second process to do.
    expect(report.ackedByFirst).toBeLessThan(SCALE);
    expect(report).toMatchObject({
      fed: SCALE,
      handled: SCALE,
      acked: SCALE,
      lost: 0,
      leftOnServer: 0,
      earlyAcks: 0,
      handledTwice: 0,
      sentTwice: 0,
      orderViolations: 0,
      finalState: 'open',
      // At the first exit: exit code 0, nothing started and left unfinished, every finished handler acked.
      firstExit: '0',
      abandoned: 0,
      unflushed: 0,
      secondExit: '0',
    });
    expect(report.peakBuffered).toBeLessThanOrEqual(1000);
  }, 50_000);

  it('the early-ack detector sees acks sent before the handler finished (canary)', async () => {
    const report = await EARLY_ACK_CANARY.run(200, 40_000);
    // Every 10th message of 200 is acked early; none of the others.
    expect({ earlyAcks: report.earlyAcks, lost: report.lost }).toEqual({ earlyAcks: 20, lost: 0 });
  }, 50_000);
});

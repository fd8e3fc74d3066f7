import { Controller, Get, Module, ServiceUnavailableException, type INestApplicationContext } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule, type HealthCheckResult } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { MixinBlazeHealthIndicator, MixinBlazeModule, type MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { FAST_OPTIONS, waitUntil } from './support/bot-app.js';
import { CaptureLogger } from './support/capture-logger.js';

/** The README's readiness probe, as an app writes it: one check per bot, with a short threshold for the test. */
@Controller('health')
class HealthController {
  static maxNotOpenMs = 200;
  constructor(
    private readonly health: HealthCheckService,
    private readonly blaze: MixinBlazeHealthIndicator,
  ) {}

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    const { maxNotOpenMs } = HealthController;
    return this.health.check([
      () => this.blaze.isHealthy('support', { bot: 'support', maxNotOpenMs }),
      () => this.blaze.isHealthy('sales', { bot: 'sales', maxNotOpenMs }),
    ]);
  }
}

async function bootApp(support: BlazeEmulator, sales: BlazeEmulator, options: Partial<MixinBlazeModuleOptions> = {}): Promise<INestApplicationContext> {
  @Module({ imports: [MixinBlazeModule.forRoot({ name: 'support', ...support.moduleOptions(), ...FAST_OPTIONS, ...options, isGlobal: false })] })
  class SupportModule {}
  @Module({ imports: [MixinBlazeModule.forRoot({ name: 'sales', ...sales.moduleOptions(), ...FAST_OPTIONS, ...options, isGlobal: false })] })
  class SalesModule {}
  @Module({ imports: [TerminusModule], controllers: [HealthController], providers: [MixinBlazeHealthIndicator] })
  class HealthModule {}
  @Module({ imports: [SupportModule, SalesModule, HealthModule] })
  class AppModule {}
  return (await Test.createTestingModule({ imports: [AppModule] }).setLogger(new CaptureLogger()).compile()).init();
}

/** The probe's answer: the result when ready, the 503's body when not. */
async function probe(app: INestApplicationContext): Promise<{ ready: boolean; body: HealthCheckResult }> {
  try {
    return { ready: true, body: await app.get(HealthController).ready() };
  } catch (err) {
    if (!(err instanceof ServiceUnavailableException)) throw err;
    return { ready: false, body: err.getResponse() as HealthCheckResult };
  }
}

describe('MixinBlazeHealthIndicator with Terminus, per bot', () => {
  let support: BlazeEmulator;
  let sales: BlazeEmulator;
  let app: INestApplicationContext | undefined;

  beforeEach(async () => {
    [support, sales] = await Promise.all([BlazeEmulator.start(), BlazeEmulator.start()]);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await Promise.all([support.close(), sales.close()]);
  });

  it('up while both bots are open, with the details', async () => {
    app = await bootApp(support, sales);
    const indicator = app.get(MixinBlazeHealthIndicator);
    await waitUntil(() => ['support', 'sales'].every((bot) => indicator.isHealthy(bot, { bot })[bot].state === 'open'), 5_000, 'both bots open');
    await support.waitForAck(support.userSendsText('hi').message_id, 5_000);
    const { ready, body } = await probe(app);
    expect(ready).toBe(true);
    expect(body.status).toBe('ok');
    expect(body.details.support).toMatchObject({ status: 'up', bot: 'support', state: 'open', buffered: 0, pendingAcks: expect.any(Number) });
    expect(body.details.support.msSinceLastFrame).toEqual(expect.any(Number));
    expect(body.details.support.stateForMs).toEqual(expect.any(Number));
    expect(body.details.sales).toMatchObject({ status: 'up', bot: 'sales', state: 'open' });
  });

  it('down for the one bot whose token is refused (unauthorized), with the last error; the other stays up', async () => {
    sales.faults.rejectAuth('upgrade');
    app = await bootApp(support, sales);
    const indicator = app.get(MixinBlazeHealthIndicator);
    await waitUntil(() => indicator.isHealthy('sales', { bot: 'sales' }).sales.state === 'unauthorized', 5_000, 'sales unauthorized');
    await waitUntil(() => indicator.isHealthy('support', { bot: 'support' }).support.state === 'open', 5_000, 'support open');
    // Down at once, whatever the threshold.
    expect(indicator.isHealthy('sales', { bot: 'sales', maxNotOpenMs: 3_600_000 }).sales.status).toBe('down');
    const { ready, body } = await probe(app);
    expect(ready).toBe(false);
    expect(body.error?.sales).toMatchObject({ status: 'down', state: 'unauthorized', reason: expect.stringContaining('unauthorized') });
    expect(body.error?.sales?.lastError).toMatch(/401/);
    expect(body.info?.support?.lastError).toBeUndefined();
    expect(body.info?.support).toMatchObject({ status: 'up', state: 'open' });
  });

  it('down once a bot has not been open for longer than the threshold, up again when it reconnects', async () => {
    app = await bootApp(support, sales);
    const indicator = app.get(MixinBlazeHealthIndicator);
    await waitUntil(() => indicator.isHealthy('support', { bot: 'support' }).support.state === 'open', 5_000, 'support open');
    await support.stop(); // the server goes away: the bot reconnects with backoff
    await waitUntil(() => indicator.isHealthy('support', { bot: 'support', maxNotOpenMs: 3_600_000 }).support.state === 'reconnecting', 5_000, 'support reconnecting');
    // Not open, but within the threshold: still up.
    expect(indicator.isHealthy('support', { bot: 'support', maxNotOpenMs: 3_600_000 }).support.status).toBe('up');
    await waitUntil(() => indicator.isHealthy('support', { bot: 'support', maxNotOpenMs: 200 }).support.status === 'down', 5_000, 'support down after 200 ms');
    const down = await probe(app);
    expect(down.ready).toBe(false);
    expect(down.body.error?.support).toMatchObject({ state: 'reconnecting', reason: expect.stringMatching(/not open for \d+ ms \(more than 200 ms\)/) });
    expect(down.body.info?.sales).toMatchObject({ status: 'up' });
    expect(down.body.error?.support?.lastWarning).toEqual(expect.any(String));
    await support.restart();
    await waitUntil(() => indicator.isHealthy('support', { bot: 'support' }).support.state === 'open', 5_000, 'support open again');
    expect((await probe(app)).ready).toBe(true);
  });

  it('a bot that never started (autoConnect: false) is down after the threshold; an unknown bot is an error naming it', async () => {
    app = await bootApp(support, sales, { autoConnect: false });
    const indicator = app.get(MixinBlazeHealthIndicator);
    expect(indicator.isHealthy('support', { bot: 'support', maxNotOpenMs: 3_600_000 }).support).toMatchObject({ status: 'up', state: 'closed', msSinceLastFrame: null });
    await waitUntil(() => indicator.isHealthy('support', { bot: 'support', maxNotOpenMs: 50 }).support.status === 'down', 5_000, 'down after 50 ms');
    expect(() => indicator.isHealthy('billing', { bot: 'billing' })).toThrow(/this app has no bot "billing"/);
    expect(() => indicator.isHealthy()).toThrow(/this app has no unnamed bot/);
  });
});

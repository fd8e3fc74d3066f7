import { Injectable, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { BlazeOptionsError, MixinBlazeModule, OnMessage, type ImageMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { FAST_OPTIONS, startBot, waitUntil, type BotApp } from './support/bot-app.js';
import { parsePromText, sampleSum, type Sample } from './support/prom-text.js';

/** 'flaky' fails its first attempt, 'fail' every attempt; anything else is handled. */
@Injectable()
class Handlers {
  readonly attempts = new Map<string, number>();

  @OnMessage('PLAIN_TEXT', { retry: { attempts: 2, initialDelayMs: 5, maxDelayMs: 5 } })
  onText(message: TextMessage): void {
    const n = (this.attempts.get(message.messageId) ?? 0) + 1;
    this.attempts.set(message.messageId, n);
    if (message.payload === 'fail' || (message.payload === 'flaky' && n === 1)) throw new Error(`${message.payload} on attempt ${n}`);
  }

  @OnMessage('PLAIN_IMAGE')
  onImage(_message: ImageMessage): void {}
}

describe('Prometheus metrics (metrics option)', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;
  const registry = new Registry();
  const scrape = async (): Promise<Sample[]> => parsePromText(await registry.metrics());

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
    bot = await startBot(emu, [Handlers], { metrics: { registry } });
    await waitUntil(() => bot.blaze.state === 'open', 5_000, 'the bot to open');
  });
  afterAll(async () => {
    await bot?.close();
    await emu?.close();
  });

  it('counts received, handled, retried, dead-lettered, invalid and acked messages, with bounded labels', async () => {
    const ok = ['a', 'b', 'c'].map((text) => emu.userSendsText(text).message_id);
    const flaky = emu.userSendsText('flaky').message_id;
    const failed = emu.userSendsText('fail').message_id;
    const invalid = emu.userSends({ category: 'PLAIN_IMAGE', payload: { mime_type: 'image/png' } }).message_id; // no attachment_id
    const unknown = emu.userSends({ category: 'SOMETHING_NEW_' + 'x'.repeat(40), payload: 'hi' }).message_id; // no handler, unlisted
    const all = [...ok, flaky, failed, invalid, unknown];
    await emu.waitForAcks(all, 5_000);
    // The acks landed at the emulator; the bot counts them once their request returned.
    const s = await scrapeUntil(registry, (x) => sampleSum(x, 'mixin_blaze_messages_acked_total') >= all.length, 'the acks to be counted');

    expect(sampleSum(s, 'mixin_blaze_messages_received_total', { bot: '', category: 'PLAIN_TEXT' })).toBe(5);
    expect(sampleSum(s, 'mixin_blaze_messages_received_total', { category: 'PLAIN_IMAGE' })).toBe(1);
    // An unlisted category is counted under 'other', never under its wire value.
    expect(sampleSum(s, 'mixin_blaze_messages_received_total', { category: 'other' })).toBe(1);
    expect(s.some((x) => Object.values(x.labels).some((v) => v.startsWith('SOMETHING_NEW_') || v === unknown))).toBe(false);
    expect(sampleSum(s, 'mixin_blaze_messages_handled_total', { category: 'PLAIN_TEXT', outcome: 'ok' })).toBe(4);
    expect(sampleSum(s, 'mixin_blaze_messages_handled_total', { category: 'other', outcome: 'no_handler' })).toBe(1);
    expect(sampleSum(s, 'mixin_blaze_messages_retried_total', { category: 'PLAIN_TEXT' })).toBe(2); // flaky once, fail once
    expect(sampleSum(s, 'mixin_blaze_messages_dead_lettered_total', { category: 'PLAIN_TEXT', kind: 'failed' })).toBe(1);
    expect(sampleSum(s, 'mixin_blaze_messages_dead_lettered_total', { category: 'PLAIN_IMAGE', kind: 'invalid' })).toBe(1);
    expect(sampleSum(s, 'mixin_blaze_messages_invalid_total', { category: 'PLAIN_IMAGE' })).toBe(1);
    expect(sampleSum(s, 'mixin_blaze_messages_acked_total', { bot: '' })).toBe(all.length);
    // Attempts of PLAIN_TEXT handlers: a, b, c, flaky ×2, fail ×2 = 7.
    expect(sampleSum(s, 'mixin_blaze_handler_duration_seconds_count', { category: 'PLAIN_TEXT' })).toBe(7);
    expect(sampleSum(s, 'mixin_blaze_push_to_ack_seconds_count', { bot: '' })).toBe(all.length);
    expect(sampleSum(s, 'mixin_blaze_push_to_ack_seconds_sum')).toBeGreaterThan(0);
  });

  it('reads the gauges at scrape time: connection state, buffered, running, pending acks', async () => {
    const s = await scrape();
    expect(sampleSum(s, 'mixin_blaze_connection_state', { bot: '', state: 'open' })).toBe(1);
    expect(sampleSum(s, 'mixin_blaze_connection_state', { state: 'reconnecting' })).toBe(0);
    expect(s.filter((x) => x.name === 'mixin_blaze_connection_state')).toHaveLength(6);
    for (const gauge of ['mixin_blaze_messages_buffered', 'mixin_blaze_handlers_running', 'mixin_blaze_acks_pending', 'mixin_blaze_paused']) {
      expect([gauge, s.filter((x) => x.name === gauge).map((x) => x.value)]).toEqual([gauge, [0]]);
    }
  });

  it('counts a reconnect, and the state gauge follows it', async () => {
    const before = sampleSum(await scrape(), 'mixin_blaze_reconnects_total', { bot: '' });
    expect(emu.faults.dropConnections()).toBe(1);
    await waitUntil(() => bot.blaze.state !== 'open', 5_000, 'the drop to be seen');
    await waitUntil(() => bot.blaze.state === 'open', 5_000, 'the bot to reconnect');
    const s = await scrape();
    expect(sampleSum(s, 'mixin_blaze_reconnects_total', { bot: '' })).toBeGreaterThanOrEqual(before + 1);
    expect(sampleSum(s, 'mixin_blaze_connection_state', { state: 'open' })).toBe(1);
  });
});

describe('metrics: several bots, prefix, off by default, bad options', () => {
  it('two bots in one registry report under their bot label, with the prefix', async () => {
    const [one, two] = await Promise.all([BlazeEmulator.start(), BlazeEmulator.start()]);
    const registry = new Registry();
    const metrics = { registry, prefix: 'app_' };
    @Module({ imports: [MixinBlazeModule.forRoot({ name: 'one', ...one.moduleOptions(), ...FAST_OPTIONS, metrics })] })
    class OneModule {}
    @Module({ imports: [MixinBlazeModule.forRoot({ name: 'two', ...two.moduleOptions(), ...FAST_OPTIONS, metrics })] })
    class TwoModule {}
    @Module({ imports: [OneModule, TwoModule] })
    class AppModule {}
    const { app } = await bootModuleNamed(AppModule);
    try {
      const ids = [one.userSendsText('x').message_id, one.userSendsText('y').message_id];
      const other = two.userSendsText('z').message_id;
      await Promise.all([one.waitForAcks(ids, 5_000), two.waitForAck(other, 5_000)]);
      const s = parsePromText(await registry.metrics());
      expect(sampleSum(s, 'app_mixin_blaze_messages_received_total', { bot: 'one' })).toBe(2);
      expect(sampleSum(s, 'app_mixin_blaze_messages_received_total', { bot: 'two' })).toBe(1);
      expect(sampleSum(s, 'mixin_blaze_messages_received_total')).toBe(0);
      expect(sampleSum(s, 'app_mixin_blaze_connection_state', { state: 'open' })).toBe(2);
    } finally {
      await app.close();
      await Promise.all([one.close(), two.close()]);
    }
    // After shutdown the bots leave the gauges.
    expect(parsePromText(await registry.metrics()).filter((x) => x.name === 'app_mixin_blaze_connection_state')).toEqual([]);
  });

  it('metrics: true reports in prom-client\'s global register; without the option nothing is registered', async () => {
    const { register } = await import('prom-client');
    const emu = await BlazeEmulator.start();
    let bot = await startBot(emu, [Handlers]);
    try {
      await emu.waitForAck(emu.userSendsText('quiet').message_id, 5_000);
      expect(await register.metrics()).not.toContain('mixin_blaze');
    } finally {
      await bot.close();
    }
    bot = await startBot(emu, [Handlers], { metrics: true });
    try {
      await emu.waitForAck(emu.userSendsText('loud').message_id, 5_000);
      expect(sampleSum(parsePromText(await register.metrics()), 'mixin_blaze_messages_received_total', { category: 'PLAIN_TEXT' })).toBeGreaterThanOrEqual(1);
    } finally {
      await bot.close();
      register.clear();
      await emu.close();
    }
  });

  it.each([
    ['metrics', 'secret-looking-value', /option "metrics" must be true, false or/],
    ['metrics.prefix', { prefix: '9secret value' }, /option "metrics.prefix" must be/],
    ['metrics.registry', { registry: { token: 'secret-registry' } }, /option "metrics.registry" must be a prom-client Registry/],
    ['metrics', { registry: undefined, regsitry: 'secret' }, /option "metrics" takes only the fields registry and prefix/],
    ['tracing', 'secret-on', /option "tracing" must be a boolean/],
  ])('a bad %s fails at startup, naming the field and not the value', async (field, value, message) => {
    const emu = await BlazeEmulator.start();
    try {
      const option = field === 'tracing' ? { tracing: value } : { metrics: value };
      const failure = await startBot(emu, [], option as never).then(
        async (bot) => {
          await bot.close();
          return undefined;
        },
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(BlazeOptionsError);
      expect((failure as BlazeOptionsError).message).toMatch(message);
      expect((failure as BlazeOptionsError).message).not.toMatch(/secret/);
    } finally {
      await emu.close();
    }
  });
});

/** Scrapes until `done` holds for the samples; rejects after 5 s naming `what`. */
async function scrapeUntil(registry: Registry, done: (samples: Sample[]) => boolean, what: string): Promise<Sample[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const samples = parsePromText(await registry.metrics());
    if (done(samples)) return samples;
    if (Date.now() > deadline) throw new Error(`timed out after 5000 ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// Several named bots have no unnamed MixinBlazeService to hand to BotApp: boot without it.
async function bootModuleNamed(root: new () => unknown) {
  const { Test } = await import('@nestjs/testing');
  const app = await (await Test.createTestingModule({ imports: [root] }).compile()).init();
  return { app };
}

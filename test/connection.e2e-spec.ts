import type { BlazeConnectionState } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

describe('connection lifecycle', () => {
  let emu: BlazeEmulator;
  let bot: BotApp | undefined;

  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
    await emu.close();
  });

  it('reports its state and reconnects (listing pending messages again) after the server drops it', async () => {
    bot = await startBot(emu, []);
    const states: BlazeConnectionState[] = [];
    bot.blaze.onStateChange((s) => states.push(s));
    await emu.waitFor(() => bot!.blaze.state === 'open', 5_000, 'open');
    emu.faults.dropConnections();
    await emu.waitForConnections(2, 5_000);
    await emu.waitFor(() => bot!.blaze.state === 'open' && states.includes('reconnecting'), 5_000, 'open again');
    expect(states).toEqual(expect.arrayContaining(['open', 'reconnecting']));
  });

  it('detects a half-open connection with pings and a deadline, then reconnects', async () => {
    bot = await startBot(emu, [], { pingIntervalMs: 50, deadConnectionTimeoutMs: 300 });
    await emu.waitFor(() => bot!.blaze.state === 'open', 5_000, 'open');
    emu.faults.goSilent();
    await emu.waitForConnections(2, 5_000);
    expect(bot.logs.find('warn', 'dead connection')).not.toHaveLength(0);
    const view = emu.userSendsText('after the silence');
    await emu.waitForAck(view.message_id, 5_000);
  });

  it.each(['upgrade', 'frame'] as const)(
    'a 401 (%s) moves to unauthorized, logs an actionable hint without secrets, retries slowly and recovers',
    async (mode) => {
      emu.faults.rejectAuth(mode);
      bot = await startBot(emu, [], { unauthorizedRetryMs: 400 });
      await emu.waitFor(() => bot!.blaze.state === 'unauthorized', 5_000, 'unauthorized');
      const line = bot.logs.find('error', 'Blaze refused our token')[0];
      expect(line.text).toMatch(/clock|key/);
      expect(line.text).not.toContain(emu.keystore.session_private_key);

      const attemptsAtRefusal = emu.connectionAttempts;
      emu.faults.rejectAuth(false);
      await emu.waitFor(() => bot!.blaze.state === 'open', 5_000, 'recovery');
      // Slow retries only: one more attempt was enough, not a tight loop.
      expect(emu.connectionAttempts - attemptsAtRefusal).toBeLessThanOrEqual(2);
    },
  );

  it('bootstrap succeeds while the server is unreachable, and connects when it appears', async () => {
    await emu.stop();
    bot = await startBot(emu, []);
    expect(['connecting', 'reconnecting']).toContain(bot.blaze.state);
    await emu.restart();
    await emu.waitFor(() => bot!.blaze.state === 'open', 5_000, 'open after restart');
  });
});

import { BlazeConnectionError, BlazeRequestError, MixinApiError, uniqueConversationId } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

describe('sending', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    emu.faults.clear();
    await bot?.close();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('sendText goes over the open socket and resolves with the id the server accepted', async () => {
    bot = await startBot(emu, []);
    await emu.waitFor(() => bot.blaze.state === 'open', 5_000, 'the socket to open');
    const conversationId = uniqueConversationId(emu.userId, emu.botUserId);
    const id = await bot.blaze.sendText(conversationId, 'hi there', { recipientId: emu.userId });
    const sent = emu.sent.find((s) => s.messageId === id);
    expect(sent).toMatchObject({ conversationId, recipientId: emu.userId, category: 'PLAIN_TEXT', text: 'hi there', via: 'socket' });
  });

  it('representativeId, silent and expireIn reach the server, over the socket, POST /messages and sendMany', async () => {
    bot = await startBot(emu, []);
    await emu.waitFor(() => bot.blaze.state === 'open', 5_000, 'the socket to open');
    const extras = { representativeId: emu.userId, silent: true, expireIn: 3600 };
    const conversationId = crypto.randomUUID();
    const overSocket = await bot.blaze.sendText(conversationId, 'on behalf', extras);
    const [overHttp] = await bot.blaze.sendMany([{ conversationId, category: 'PLAIN_TEXT', payload: 'batched', ...extras }]);
    for (const [id, via] of [[overSocket, 'socket'], [overHttp, 'http']]) {
      expect(emu.sent.find((s) => s.messageId === id)).toMatchObject({ via, representativeId: emu.userId, silent: true, expireIn: 3600 });
    }
    await expect(bot.blaze.sendText(conversationId, 'x', { expireIn: -1 })).rejects.toThrow(/expireIn must be a whole number/);
    await expect(bot.blaze.sendText(conversationId, 'x', { representativeId: 'someone' })).rejects.toThrow(/representativeId must be a UUID/);
  });

  it('send falls back to POST /messages while the socket is not open', async () => {
    bot = await startBot(emu, [], { autoConnect: false });
    expect(bot.blaze.state).toBe('closed');
    const id = await bot.blaze.send({ conversationId: crypto.randomUUID(), category: 'PLAIN_TEXT', payload: 'over http' });
    expect(emu.sent.find((s) => s.messageId === id)).toMatchObject({ text: 'over http', via: 'http' });
  });

  it('an error reply rejects with a typed error carrying the Mixin code', async () => {
    bot = await startBot(emu, []);
    await emu.waitFor(() => bot.blaze.state === 'open', 5_000, 'the socket to open');
    emu.faults.failSends({ count: 1 });
    const failure = bot.blaze.sendText(crypto.randomUUID(), 'nope');
    await expect(failure).rejects.toBeInstanceOf(BlazeRequestError);
    await failure.catch((err: BlazeRequestError) => expect(err.code).toBe(500));

    await bot.close();
    bot = await startBot(emu, [], { autoConnect: false });
    emu.faults.failSends({ count: 1, status: 503 });
    await expect(bot.blaze.sendText(crypto.randomUUID(), 'nope')).rejects.toBeInstanceOf(MixinApiError);
  });

  it("sendFallback 'fail' rejects with a typed error while the socket is not open, and sends nothing", async () => {
    bot = await startBot(emu, [], { autoConnect: false, sendFallback: 'fail' });
    const before = emu.sent.length;
    const failure = bot.blaze.sendText(crypto.randomUUID(), 'not now');
    await expect(failure).rejects.toBeInstanceOf(BlazeConnectionError);
    await failure.catch((err: BlazeConnectionError) => expect(err.reason).toBe('not-connected'));
    expect(emu.sent.length).toBe(before);
  });

  it("sendFallback 'wait' holds a send until the socket opens, then sends it once over the socket", async () => {
    bot = await startBot(emu, [], { autoConnect: false, sendFallback: 'wait', requestTimeoutMs: 5_000 });
    const sending = bot.blaze.sendText(crypto.randomUUID(), 'when ready');
    bot.blaze.connect();
    const id = await sending;
    expect(emu.sent.filter((s) => s.messageId === id)).toMatchObject([{ via: 'socket', text: 'when ready' }]);
  });
});

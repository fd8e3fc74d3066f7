import { randomUUID } from 'node:crypto';
import {
  ImagePayload,
  MixinApiError,
  OutgoingPayloadError,
  SENDABLE_CATEGORIES,
  SendManyError,
  type OutgoingMessage,
} from 'nestjs-mixin-blaze';
import { BlazeEmulator, type SentRecord } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';
import { decoded, fixtures } from './support/sending-fixtures.js';

const id = () => randomUUID();
const messagesRequests = (emu: BlazeEmulator) => emu.tokens.filter((t) => t.method === 'POST' && t.path === '/messages');

/** Groups sent records by the POST /messages request they arrived in (the token recorded just before them). */
function requestSizes(emu: BlazeEmulator, records: readonly SentRecord[]): number[] {
  const starts = messagesRequests(emu).map((t) => t.seq);
  const counts = new Map<number, number>();
  for (const record of records) {
    const request = starts.filter((seq) => seq < record.seq).at(-1)!;
    counts.set(request, (counts.get(request) ?? 0) + 1);
  }
  return [...counts.values()];
}

describe('sending every category, and sendMany', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;
  const conversationId = id();
  // Some cases build messages the types refuse on purpose (as from plain JavaScript): the checks at run time are under test.
  type Untyped = Record<string, unknown>;
  const text = (payload: string, extra: Untyped = {}): OutgoingMessage => ({ conversationId, category: 'PLAIN_TEXT', payload, ...extra }) as OutgoingMessage;

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

  it('the fixtures cover every sendable category', () => {
    expect(fixtures().map((f) => f.category).sort()).toEqual([...SENDABLE_CATEGORIES].sort());
  });

  it('send delivers every sendable category from a payload class instance, as the right wire JSON', async () => {
    bot = await startBot(emu, []);
    await emu.waitFor(() => bot.blaze.state === 'open', 5_000, 'the socket to open');
    for (const { category, instance, wire } of fixtures()) {
      const messageId = await bot.blaze.send({ conversationId, category, payload: instance } as OutgoingMessage);
      const record = emu.sent.find((s) => s.messageId === messageId);
      expect({ category, via: record?.via, payload: decoded(record) }).toEqual({ category, via: 'socket', payload: wire });
    }
  });

  it('sendMany delivers every sendable category from plain wire objects, dropping unknown keys', async () => {
    bot = await startBot(emu, [], { autoConnect: false });
    const all = fixtures();
    const withExtra = (wire: unknown) =>
      typeof wire === 'string' ? wire : Array.isArray(wire) ? wire.map((w) => ({ ...w, not_a_field: 1 })) : { ...(wire as object), not_a_field: 1 };
    const ids = await bot.blaze.sendMany(all.map(({ category, wire }) => ({ conversationId, category, payload: withExtra(wire) }) as OutgoingMessage));
    expect(ids).toHaveLength(all.length);
    all.forEach(({ category, wire }, i) => {
      const record = emu.sent.find((s) => s.messageId === ids[i]);
      expect({ category, via: record?.via, payload: decoded(record) }).toEqual({ category, via: 'http', payload: wire });
    });
  });

  it('a Buffer payload is the escape hatch: raw bytes for a category bots normally cannot send', async () => {
    bot = await startBot(emu, [], { autoConnect: false });
    const messageId = await bot.blaze.send({ conversationId, category: 'PLAIN_JSON', payload: Buffer.from('{"action":"X"}') });
    expect(emu.sent.find((s) => s.messageId === messageId)).toMatchObject({ category: 'PLAIN_JSON', text: '{"action":"X"}' });
  });

  it('invalid messages reject with OutgoingPayloadError, never echo values, and send nothing', async () => {
    bot = await startBot(emu, []);
    await emu.waitFor(() => bot.blaze.state === 'open', 5_000, 'the socket to open');
    const button = { label: 'ok', color: '#000000', action: 'input:ok' };
    const cases: Array<[string, Untyped, RegExp]> = [
      ['a string for APP_CARD', { category: 'APP_CARD', payload: 'SECRET card' }, /payload: must be a AppCardPayload instance or a plain/],
      ['an object for PLAIN_TEXT', { category: 'PLAIN_TEXT', payload: { text: 'SECRET' } }, /must be a string/],
      ['an empty text', { category: 'PLAIN_TEXT', payload: '' }, /must not be empty/],
      ['another class for PLAIN_CONTACT', { category: 'PLAIN_CONTACT', payload: new ImagePayload() }, /must be a ContactPayload/],
      ['an object for APP_BUTTON_GROUP', { category: 'APP_BUTTON_GROUP', payload: button }, /must be an array of AppButton/],
      ['no buttons', { category: 'APP_BUTTON_GROUP', payload: [] }, /at least 1 elements/],
      ['19 buttons', { category: 'APP_BUTTON_GROUP', payload: Array(19).fill(button) }, /no more than 18 elements/],
      ['a bad button colour', { category: 'APP_BUTTON_GROUP', payload: [button, { ...button, color: 'SECRET' }] }, /payload\[1\]\.color: color must be a #RRGGBB colour/],
      ['a bad plain image', { category: 'PLAIN_IMAGE', payload: { mime_type: 'image/png', width: -1, height: 1, size: 1 } }, /payload\.attachmentId: .*UUID.*payload\.width: width must not be less than 0/],
      ['a bad nested cover', { category: 'APP_CARD', payload: { app_id: id(), title: 't', description: 'd', cover: { mime_type: 'x', url: 'u', width: 'SECRET', height: 1 } } }, /payload\.cover\.width: width must be an integer/],
      ['a category bots cannot send', { category: 'SYSTEM_CONVERSATION', payload: { action: 'ADD' } }, /bots can only send PLAIN_TEXT/],
      ['a bad conversation id', { conversationId: 'SECRET-conv' }, /conversationId must be a UUID/],
      ['a bad recipient id', { recipientId: 'SECRET' }, /recipientId must be a UUID/],
      ['a bad quote id', { quoteMessageId: 'nope' }, /quoteMessageId must be a UUID/],
      ['a bad message id', { messageId: 'nope' }, /messageId must be a UUID/],
    ];
    const sentBefore = emu.sent.length;
    const requestsBefore = messagesRequests(emu).length;
    for (const [what, override, expected] of cases) {
      const message = { ...text('fine'), ...override } as OutgoingMessage;
      const error = await bot.blaze.send(message).then(
        () => new Error(`${what}: was sent`),
        (err: unknown) => err,
      );
      expect([what, error]).toEqual([what, expect.any(OutgoingPayloadError)]);
      expect([what, (error as OutgoingPayloadError).message]).toEqual([what, expect.stringMatching(expected)]);
      expect((error as OutgoingPayloadError).message).not.toContain('SECRET');
    }
    // One bad message among good ones stops the whole sendMany before its first request.
    const batch = [text('a'), text('b'), text('c', { category: 'APP_CARD' }), text('d')];
    await expect(bot.blaze.sendMany(batch)).rejects.toMatchObject({ name: 'OutgoingPayloadError', index: 2, category: 'APP_CARD' });
    expect(emu.sent.length).toBe(sentBefore);
    expect(messagesRequests(emu).length).toBe(requestsBefore);
  });

  it('sendMany of 250 messages makes 3 requests (100, 100, 50) and keeps their order', async () => {
    bot = await startBot(emu, []);
    await emu.waitFor(() => bot.blaze.state === 'open', 5_000, 'the socket to open');
    const sentBefore = emu.sent.length;
    const requestsBefore = messagesRequests(emu).length;
    const messages = Array.from({ length: 250 }, (_, i) => text(`message ${i}`));
    messages[7].messageId = id(); // a caller-chosen id is kept

    const ids = await bot.blaze.sendMany(messages);
    const records = emu.sent.slice(sentBefore);
    expect(messagesRequests(emu).length - requestsBefore).toBe(3);
    expect(requestSizes(emu, records)).toEqual([100, 100, 50]);
    expect(records.map((r) => r.messageId)).toEqual(ids);
    expect(records.map((r) => r.text)).toEqual(messages.map((m) => m.payload));
    expect(records.every((r) => r.via === 'http')).toBe(true); // even with the socket open
    expect(ids[7]).toBe(messages[7].messageId);
    expect(new Set(ids).size).toBe(250);
  });

  it('sendMany keeps every request body within 128 KB (the emulator refuses bigger ones) and refuses a message over it', async () => {
    bot = await startBot(emu, [], { autoConnect: false });
    const sentBefore = emu.sent.length;
    const requestsBefore = messagesRequests(emu).length;
    // ~40 KB of base64 each: 12 of them are ~480 KB, and at most 3 fit in one body.
    const messages = Array.from({ length: 12 }, (_, i) => text(String(i % 10).repeat(30_000)));
    const ids = await bot.blaze.sendMany(messages);
    const records = emu.sent.slice(sentBefore);
    expect(records.map((r) => r.messageId)).toEqual(ids);
    expect(records.map((r) => r.text)).toEqual(messages.map((m) => m.payload));
    expect(messagesRequests(emu).length - requestsBefore).toBe(4);
    expect(requestSizes(emu, records)).toEqual([3, 3, 3, 3]);

    const tooBig = [text('small'), text('x'.repeat(100_000))];
    await expect(bot.blaze.sendMany(tooBig)).rejects.toThrow(/message 1 \(PLAIN_TEXT\) is invalid: .*over the 131072-byte limit/);
    expect(emu.sent.length).toBe(sentBefore + 12);
    expect(messagesRequests(emu).length - requestsBefore).toBe(4);
  });

  it('a failed request rejects with SendManyError carrying the ids accepted before it; resending the rest with their ids completes', async () => {
    bot = await startBot(emu, [], { autoConnect: false });
    const sentBefore = emu.sent.length;
    const messages = Array.from({ length: 250 }, (_, i) => text(`retry ${i}`));
    // Fail the second request: arm the fault once the first request's 100th message is stored.
    const arm = () => {
      if (emu.sent.length - sentBefore === 100) emu.faults.failSends({ count: 1, status: 503 });
    };
    emu.on('sent', arm);
    const error = await bot.blaze.sendMany(messages).then(
      () => undefined,
      (err: unknown) => err as SendManyError,
    );
    emu.off('sent', arm);

    expect(error).toBeInstanceOf(SendManyError);
    expect(error).toBeInstanceOf(MixinApiError);
    expect(error!.status).toBe(503);
    expect(error!.cause).toBeInstanceOf(MixinApiError);
    expect(error!.message).toMatch(/after 100 of 250 messages were accepted/);
    expect(error!.acceptedIds).toEqual(emu.sent.slice(sentBefore).map((r) => r.messageId));
    expect(error!.acceptedIds).toHaveLength(100);
    expect(error!.remainingIds).toHaveLength(150);

    const rest = messages.slice(error!.acceptedIds.length).map((m, i) => ({ ...m, messageId: error!.remainingIds[i] }));
    await expect(bot.blaze.sendMany(rest)).resolves.toEqual(error!.remainingIds);
    const records = emu.sent.slice(sentBefore);
    expect(records.map((r) => r.text)).toEqual(messages.map((m) => m.payload));
    expect(records.map((r) => r.messageId)).toEqual([...error!.acceptedIds, ...error!.remainingIds]);
  });

  it('a failure of the first request rejects with no accepted ids', async () => {
    bot = await startBot(emu, [], { autoConnect: false });
    emu.faults.failSends({ count: 1, status: 503 });
    const failure = bot.blaze.sendMany([text('one'), text('two')]);
    await expect(failure).rejects.toMatchObject({ name: 'SendManyError', status: 503, acceptedIds: [], remainingIds: [expect.any(String), expect.any(String)] });
  });
});

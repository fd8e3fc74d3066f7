import { randomUUID } from 'node:crypto';
import { BlazeEmulator } from './blaze-emulator.js';
import { uniqueConversationId } from './emulator-ids.js';
import { apiCall } from './spec-support.js';

describe('BlazeEmulator HTTP API', () => {
  let emu: BlazeEmulator;
  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(() => emu.close());

  const call = (method: string, path: string, body?: unknown) => apiCall(emu.apiUrl, emu.keystore, method, path, body);
  const message = (text: string, extra: Record<string, unknown> = {}) => ({
    conversation_id: uniqueConversationId(emu.userId, emu.botUserId),
    recipient_id: emu.userId,
    message_id: randomUUID(),
    category: 'PLAIN_TEXT',
    data_base64: Buffer.from(text).toString('base64url'),
    ...extra,
  });

  it('POST /acknowledgements marks messages acked via http', async () => {
    const [a, b] = [emu.userSendsText('a'), emu.userSendsText('b')];
    const res = await call('POST', '/acknowledgements', [{ message_id: a.message_id, status: 'READ' }]);
    expect(res).toEqual({ status: 200, json: { data: [{ message_id: a.message_id, status: 'READ' }] } });
    expect(emu.isAcked(a.message_id)).toBe(true);
    expect(emu.acks).toEqual([expect.objectContaining({ messageId: a.message_id, via: 'http' })]);
    expect(emu.pending()).toEqual([b.message_id]);
  });

  it('POST /acknowledgements refuses more than 100 entries and malformed entries', async () => {
    const many = Array.from({ length: 101 }, () => ({ message_id: randomUUID(), status: 'READ' }));
    const tooMany = await call('POST', '/acknowledgements', many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error).toMatchObject({ status: 400, code: 10002 });
    expect((await call('POST', '/acknowledgements', [{ message_id: 'nope', status: 'READ' }])).json.error.code).toBe(10002);
    expect((await call('POST', '/acknowledgements', { message_id: randomUUID() })).status).toBe(400);
    expect((await call('POST', '/acknowledgements', '{not json')).json.error.code).toBe(400);
    expect((await call('POST', '/acknowledgements', many.slice(0, 100))).status).toBe(200);
    expect(emu.acks).toHaveLength(100);
  });

  it('POST /messages records one message or a batch', async () => {
    const one = message('hi');
    const single = await call('POST', '/messages', one);
    expect(single.status).toBe(200);
    expect(single.json.data).toMatchObject({ message_id: one.message_id, status: 'SENT', type: 'message' });
    const batch = [message('x'), message('y', { data_base64: undefined, data: Buffer.from('y+/').toString('base64') })];
    const many = await call('POST', '/messages', batch);
    expect(many.json.data).toHaveLength(2);
    expect(emu.sent.map((s) => [s.text, s.via])).toEqual([['hi', 'http'], ['x', 'http'], ['y+/', 'http']]);
    expect(await emu.waitForReply(one.conversation_id, 100)).toMatchObject({ messageId: one.message_id, recipientId: emu.userId });
  });

  it('POST /messages refuses bad batches without recording any of them', async () => {
    const over = await call('POST', '/messages', Array.from({ length: 101 }, () => message('m')));
    expect(over.json.error).toMatchObject({ status: 400, code: 10002 });
    const big = await call('POST', '/messages', message('x'.repeat(130 * 1024)));
    expect(big.json.error.description).toMatch(/128 KB/);
    const invalid = await call('POST', '/messages', [message('ok'), message('bad', { category: '' })]);
    expect(invalid.json.error).toEqual({ status: 400, code: 10002, description: 'message 1: category is required' });
    expect((await call('POST', '/messages', [])).status).toBe(400);
    expect(emu.sent).toHaveLength(0);
  });

  it('GET /me describes the bot; other paths are 404', async () => {
    const me = await call('GET', '/me');
    expect(me).toEqual({ status: 200, json: { data: expect.objectContaining({ user_id: emu.botUserId, type: 'user', full_name: 'Emulated bot' }) } });
    const missing = await call('GET', '/users/123');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ status: 404, code: 404 });
  });
});

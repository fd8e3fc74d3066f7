import { randomUUID } from 'node:crypto';
import { BlazeEmulator } from './blaze-emulator.js';
import { uniqueConversationId } from './emulator-ids.js';
import { RawBlazeClient, signTestToken } from './spec-support.js';

const RFC3339_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe('BlazeEmulator delivery over the socket', () => {
  let emu: BlazeEmulator;
  const clients: RawBlazeClient[] = [];
  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await emu.close();
  });

  async function connect(target = emu): Promise<RawBlazeClient> {
    const c = await RawBlazeClient.connect(target.blazeUrl, { token: await signTestToken(target.keystore) });
    clients.push(c);
    return c;
  }

  it('pushes nothing before LIST_PENDING_MESSAGES, then the backlog in order, then live messages', async () => {
    const a = emu.userSendsText('one');
    const b = emu.userSendsText('two');
    const client = await connect();
    const c = emu.userSendsText('three');
    // A full round trip after everything was queued: any early push would have arrived first.
    const probe = await client.request('NO_SUCH_ACTION');
    expect(probe.error).toMatchObject({ status: 202, code: 10002 });
    expect(client.pushes()).toHaveLength(0);

    const listId = randomUUID();
    client.send({ id: listId, action: 'LIST_PENDING_MESSAGES' });
    const pushes = await client.waitPushes(3, 5000);
    const listReply = client.frames.findIndex((f) => f.id === listId);
    expect(client.frames[listReply]).toEqual({ id: listId, action: 'LIST_PENDING_MESSAGES' });
    expect(listReply).toBeLessThan(client.frames.findIndex((f) => f.action === 'CREATE_MESSAGE' && f.data));
    expect(pushes.map((p) => p.message_id)).toEqual([a.message_id, b.message_id, c.message_id]);
    expect(pushes.map((p) => p.source)).toEqual(Array(3).fill('LIST_PENDING_MESSAGES'));

    const d = emu.userSendsText('four');
    const live = await client.waitPushes(4, 5000);
    expect(live[3]).toMatchObject({ message_id: d.message_id, source: 'CREATE_MESSAGE' });
    expect(emu.deliveries(d.message_id)).toBe(1);
  });

  it('pushes views shaped like the real server (docs/protocol.md §3.4)', async () => {
    const sent = emu.userSendsText('héllo', { quoteMessageId: '00000000-0000-4000-8000-00000000000a' });
    const client = await connect();
    await client.request('LIST_PENDING_MESSAGES');
    const [view] = await client.waitPushes(1, 5000);
    expect(view).toEqual({ ...sent, source: 'LIST_PENDING_MESSAGES' });
    expect(view).toMatchObject({
      type: 'message',
      user_id: emu.userId,
      conversation_id: uniqueConversationId(emu.userId, emu.botUserId),
      category: 'PLAIN_TEXT',
      status: 'SENT',
      representative_id: '',
      silent: false,
      expire_in: 0,
    });
    expect(Buffer.from(view.data!, 'base64').toString()).toBe('héllo');
    expect(Buffer.from(view.data_base64!, 'base64url').toString()).toBe('héllo');
    expect(view.data_base64).not.toMatch(/[=+/]/);
    expect(sent.created_at).toMatch(RFC3339_MICROS);
  });

  it('supports binary/JSON payloads, single-field encodings and raw overrides', async () => {
    const bin = emu.userSends({ category: 'PLAIN_DATA', payload: Buffer.from([0xff, 0xfe, 0x00]), encoding: 'data' });
    const json = emu.userSends({ category: 'PLAIN_CONTACT', payload: { user_id: 'x' }, encoding: 'data_base64' });
    const raw = emu.userSendsText('r', { raw: { representative_id: 'rep', status: 'READ' } });
    expect(bin.data).toBe(Buffer.from([0xff, 0xfe, 0x00]).toString('base64'));
    expect('data_base64' in bin).toBe(false);
    expect('data' in json).toBe(false);
    expect(JSON.parse(Buffer.from(json.data_base64!, 'base64url').toString())).toEqual({ user_id: 'x' });
    expect(raw).toMatchObject({ representative_id: 'rep', status: 'READ' });
    expect(() => emu.userSendsText('dup', { messageId: raw.message_id })).toThrow(/already queued/);
  });

  it('acks over the socket, and redelivers only un-acked messages on the next connection', async () => {
    const [m1, m2, m3] = ['a', 'b', 'c'].map((t) => emu.userSendsText(t));
    const first = await connect();
    await first.request('LIST_PENDING_MESSAGES');
    await first.waitPushes(3, 5000);
    const reply = await first.ack(m2.message_id);
    expect(reply.error).toBeUndefined();
    expect(reply.action).toBe('ACKNOWLEDGE_MESSAGE_RECEIPT');
    await emu.waitForAck(m2.message_id, 1000);
    expect(emu.acks).toEqual([expect.objectContaining({ messageId: m2.message_id, via: 'socket', status: 'READ' })]);
    expect(emu.pending()).toEqual([m1.message_id, m3.message_id]);

    // At most once per connection: a second LIST changes nothing here.
    await first.request('LIST_PENDING_MESSAGES');
    await first.close();

    const second = await connect();
    await second.request('LIST_PENDING_MESSAGES');
    const again = await second.waitPushes(2, 5000);
    expect(again.map((p) => p.message_id)).toEqual([m1.message_id, m3.message_id]);
    expect(first.pushes()).toHaveLength(3);
    expect(emu.deliveries(m1.message_id)).toBe(2);
    expect(emu.deliveries(m2.message_id)).toBe(1);
    await second.ack(m1.message_id);
    await second.ack(m3.message_id);
    await emu.waitForAcks([m1.message_id, m2.message_id, m3.message_id], 1000);
    expect(emu.pending()).toEqual([]);
    expect(emu.acks.map((a) => a.seq)).toEqual([...emu.acks.map((a) => a.seq)].sort((x, y) => x - y));
  });

  it('records CREATE_MESSAGE from the bot and answers with the message view', async () => {
    const client = await connect();
    const conversationId = uniqueConversationId(emu.userId, emu.botUserId);
    const messageId = randomUUID();
    const reply = await client.request('CREATE_MESSAGE', {
      conversation_id: conversationId,
      recipient_id: emu.userId,
      message_id: messageId,
      category: 'PLAIN_TEXT',
      data: Buffer.from('pong ✓').toString('base64'),
    });
    expect(reply.error).toBeUndefined();
    expect(reply.data).toMatchObject({ type: 'message', message_id: messageId, conversation_id: conversationId, status: 'SENT', category: 'PLAIN_TEXT' });
    const sent = await emu.waitForReply(conversationId, 1000);
    expect(sent).toMatchObject({ messageId, recipientId: emu.userId, text: 'pong ✓', via: 'socket' });

    await client.request('CREATE_MESSAGE', {
      conversation_id: conversationId, message_id: randomUUID(), category: 'PLAIN_POST',
      data_base64: Buffer.from('**md**?>').toString('base64url'),
    });
    await emu.waitForSent((s) => s.category === 'PLAIN_POST' && s.text === '**md**?>', 1000);

    const bad = await client.request('CREATE_MESSAGE', { conversation_id: conversationId, category: 'PLAIN_TEXT', data: 'eA==' });
    expect(bad.error).toEqual({ status: 202, code: 10002, description: 'message_id must be a uuid' });
    const noData = await client.request('CREATE_MESSAGE', { conversation_id: conversationId, message_id: randomUUID(), category: 'PLAIN_TEXT' });
    expect(noData.error?.code).toBe(10002);
    expect(emu.sent).toHaveLength(2);
  });

  it('answers text frames and undecodable binary frames with ERROR 400 and keeps the connection', async () => {
    const client = await connect();
    client.ws.send('hello', { binary: false });
    client.ws.send(Buffer.from('not gzip'), { binary: true });
    await client.waitUntil(() => (client.frames.filter((f) => f.action === 'ERROR').length === 2 ? true : undefined), 2000, '2 ERROR frames');
    expect(client.frames.map((f) => f.error?.code)).toEqual([400, 400]);
    expect((await client.request('LIST_PENDING_MESSAGES')).error).toBeUndefined();
  });

  it('pushes raw (possibly malformed) frames to live connections', async () => {
    const client = await connect();
    expect(emu.pushRawFrame({ id: 'x', action: 'WHATEVER', data: 1 })).toBe(1);
    await client.waitFrame((f) => f.action === 'WHATEVER', 2000, 'the raw frame');
    emu.pushRawFrame('plain text', { gzip: false, binary: false });
    await client.waitUntil(() => client.textFrames[0], 2000, 'a text frame');
    expect(client.textFrames).toEqual(['plain text']);
  });

  it('serves a 100k-message backlog', async () => {
    const ids = emu.userSendsMany(100_000, (i) => ({ payload: `m${i}` }));
    expect(emu.pending()).toHaveLength(100_000);
    const client = await connect();
    await client.request('LIST_PENDING_MESSAGES');
    const pushes = await client.waitPushes(100_000, 60_000);
    expect(pushes[99_999].message_id).toBe(ids[99_999]);
    expect(emu.deliveries(ids[0])).toBe(1);
  }, 90_000);

  it('keeps two emulators apart', async () => {
    const other = await BlazeEmulator.start();
    try {
      expect(other.port).not.toBe(emu.port);
      expect(other.keystore.app_id).not.toBe(emu.keystore.app_id);
      other.userSendsText('for other');
      const mine = await connect();
      await mine.request('LIST_PENDING_MESSAGES');
      const theirs = await connect(other);
      await theirs.request('LIST_PENDING_MESSAGES');
      await theirs.waitPushes(1, 2000);
      expect(mine.pushes()).toHaveLength(0);
      // The other emulator refuses this emulator's keystore.
      await expect(RawBlazeClient.connect(other.blazeUrl, { token: await signTestToken(emu.keystore) })).rejects.toMatchObject({ status: 401 });
    } finally {
      await other.close();
    }
  });

  it('rejects waits with a message naming what was awaited', async () => {
    await expect(emu.waitForAck('m-1', 30)).rejects.toThrow('timed out after 30 ms waiting for the ack of message m-1');
    await expect(emu.waitForAcks(['a', 'b'], 30)).rejects.toThrow(/acks of 2 message\(s\) \(still missing: a, b\)/);
    await expect(emu.waitForConnections(1, 30)).rejects.toThrow('1 connection(s) (have 0)');
    const pending = emu.waitForReply('conv', 10_000);
    await emu.close();
    await expect(pending).rejects.toThrow('closed while waiting for a reply in conversation conv');
  });

  it('emits events for acks, sends and connections', async () => {
    const seen: string[] = [];
    emu.on('connection', () => seen.push('connection')).on('ack', (a) => seen.push(`ack ${a.via}`));
    const m = emu.userSendsText('x');
    const client = await connect();
    await client.ack(m.message_id);
    expect(seen).toEqual(['connection', 'ack socket']);
  });

  it('pre-encoded backlog frames carry the same views, and a redelivery is encoded afresh', async () => {
    const ids = emu.userSendsMany(5, (i) => ({ payload: `pre ${i}` }));
    expect(emu.preencodePending()).toBe(5);
    const first = await connect();
    first.send({ id: randomUUID(), action: 'LIST_PENDING_MESSAGES' });
    const pushes = await first.waitPushes(5, 5000);
    expect(pushes.map((p) => p.message_id)).toEqual(ids);
    expect(pushes.every((p) => p.source === 'LIST_PENDING_MESSAGES')).toBe(true);
    await first.close();

    const second = await connect();
    second.send({ id: randomUUID(), action: 'LIST_PENDING_MESSAGES' });
    const again = await second.waitPushes(5, 5000);
    expect(again.map((p) => p.message_id)).toEqual(ids);
    expect(ids.every((id) => emu.deliveries(id) === 2)).toBe(true);
  });

  it("pre-encoded live pushes ('CREATE_MESSAGE') to a bot already listed carry the live views", async () => {
    emu.userSendsText('listed');
    const client = await connect();
    client.send({ id: randomUUID(), action: 'LIST_PENDING_MESSAGES' });
    await client.waitPushes(1, 5000); // listed: what comes next is pushed live
    const ids = emu.userSendsMany(5, (i) => ({ payload: `live ${i}` }));
    expect(emu.preencodePending('CREATE_MESSAGE')).toBe(5);
    const pushes = (await client.waitPushes(6, 5000)).slice(1);
    expect(pushes.map((p) => p.message_id)).toEqual(ids);
    expect(pushes.every((p) => p.source === 'CREATE_MESSAGE')).toBe(true);
    expect(pushes.map((p) => Buffer.from(p.data as string, 'base64').toString())).toEqual(ids.map((_, i) => `live ${i}`));
  });
});

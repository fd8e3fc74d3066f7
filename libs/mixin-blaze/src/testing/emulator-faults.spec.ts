import { randomUUID } from 'node:crypto';
import { BlazeEmulator } from './blaze-emulator.js';
import { apiCall, RawBlazeClient, signTestToken, UpgradeRefused, withDeadline } from './spec-support.js';

describe('BlazeEmulator faults', () => {
  let emu: BlazeEmulator;
  const clients: RawBlazeClient[] = [];
  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await emu.close();
  });

  async function connect(listed = false): Promise<RawBlazeClient> {
    const c = await RawBlazeClient.connect(emu.blazeUrl, { token: await signTestToken(emu.keystore) });
    clients.push(c);
    if (listed) await c.request('LIST_PENDING_MESSAGES');
    return c;
  }
  const ackBody = (id: string) => [{ message_id: id, status: 'READ' }];
  const createParams = () => ({ conversation_id: randomUUID(), message_id: randomUUID(), category: 'PLAIN_TEXT', data: 'aGk=' });

  it('dropConnections terminates live sockets', async () => {
    const [a, b] = [await connect(), await connect()];
    expect(emu.faults.dropConnections()).toBe(2);
    await withDeadline(Promise.all([a.closed, b.closed]), 2000, 'both sockets to close');
    await emu.waitFor(() => emu.openConnections === 0, 2000, 'no open connections');
  });

  it('dropEvery(k) drops each connection right after its k-th push', async () => {
    const ids = [1, 2, 3, 4, 5].map((i) => emu.userSendsText(`m${i}`).message_id);
    emu.faults.dropEvery(2);
    const first = await connect(true);
    await withDeadline(first.closed, 2000, 'the first connection to be dropped');
    expect(first.pushes().map((p) => p.message_id)).toEqual(ids.slice(0, 2));
    // Nothing was acked, so the next connection starts over and is dropped after two again.
    const second = await connect(true);
    await withDeadline(second.closed, 2000, 'the second connection to be dropped');
    expect(second.pushes().map((p) => p.message_id)).toEqual(ids.slice(0, 2));
    emu.faults.dropEvery(0);
    const third = await connect(true);
    await third.waitPushes(5, 2000);
    expect(emu.deliveries(ids[0])).toBe(3);
    expect(emu.deliveries(ids[4])).toBe(1);
  });

  it('goSilent stops all traffic (pushes, replies, pongs) on current connections until resume', async () => {
    const silent = await connect(true);
    const events: string[] = [];
    silent.ws.on('pong', () => events.push('pong'));
    emu.faults.goSilent();
    const m = emu.userSendsText('held back');
    silent.ws.ping();
    const reply = silent.request('LIST_PENDING_MESSAGES', undefined, 10_000);
    // A connection opened after goSilent is unaffected; its round trips prove time has passed.
    const other = await connect(true);
    await other.waitPushes(1, 2000);
    await other.request('NO_SUCH_ACTION');
    expect(silent.frames).toHaveLength(1); // only the LIST reply from before going silent
    expect(events).toEqual([]);
    expect(silent.ws.readyState).toBe(silent.ws.OPEN);
    emu.faults.resume();
    await reply;
    await silent.waitPushes(1, 2000);
    await silent.waitUntil(() => (events.includes('pong') ? true : undefined), 2000, 'the pong');
    expect(silent.pushes()[0].message_id).toBe(m.message_id);
  });

  it("rejectAuth('upgrade') refuses handshakes with 401 and records the attempts", async () => {
    emu.faults.rejectAuth('upgrade');
    const err = await RawBlazeClient.connect(emu.blazeUrl, { token: await signTestToken(emu.keystore) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpgradeRefused);
    expect((err as UpgradeRefused).status).toBe(401);
    expect(emu.connectionAttempts).toBe(1);
    expect(emu.connections).toBe(0);
    expect(emu.tokens[0].valid).toBe(true);
    expect(emu.refusals).toEqual([expect.objectContaining({ kind: 'upgrade', reason: 'injected rejectAuth(upgrade)' })]);
    emu.faults.rejectAuth(false);
    await connect();
    expect(emu.connections).toBe(1);
  });

  it("rejectAuth('frame') accepts the upgrade, sends ERROR 401 and closes", async () => {
    emu.faults.rejectAuth('frame');
    const client = await connect();
    const error = await client.waitFrame((f) => f.action === 'ERROR', 2000, 'the ERROR frame');
    expect(error.error).toEqual({ status: 202, code: 401, description: 'Unauthorized' });
    await withDeadline(client.closed, 2000, 'the close');
    expect(emu.refusals[0].kind).toBe('frame-auth');
  });

  it("failAcks({status, count}) fails that many HTTP acks, then recovers", async () => {
    const m = emu.userSendsText('x');
    emu.faults.failAcks({ status: 503, count: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await apiCall(emu.apiUrl, emu.keystore, 'POST', '/acknowledgements', ackBody(m.message_id));
      expect(res).toEqual({ status: 503, json: { error: { status: 503, code: 503, description: 'injected failure' } } });
    }
    expect(emu.isAcked(m.message_id)).toBe(false);
    expect((await apiCall(emu.apiUrl, emu.keystore, 'POST', '/acknowledgements', ackBody(m.message_id))).status).toBe(200);
    expect(emu.isAcked(m.message_id)).toBe(true);
    expect(emu.refusals.map((r) => r.kind)).toEqual(['ack', 'ack']);
  });

  it("failAcks({mode:'hang'}) holds requests until cleared, then drops them", async () => {
    emu.faults.failAcks({ mode: 'hang' });
    let settled = false;
    const hung = apiCall(emu.apiUrl, emu.keystore, 'POST', '/acknowledgements', ackBody(randomUUID())).finally(() => (settled = true));
    await emu.waitFor(() => emu.refusals.length === 1, 2000, 'the hung request');
    await apiCall(emu.apiUrl, emu.keystore, 'GET', '/me'); // a later request is answered meanwhile
    expect(settled).toBe(false);
    emu.faults.failAcks(false);
    await expect(hung).rejects.toThrow();
    expect(emu.acks).toHaveLength(0);
  });

  it("failAcks({mode:'reset'}) destroys the TCP connection", async () => {
    emu.faults.failAcks({ mode: 'reset', count: 1 });
    await expect(apiCall(emu.apiUrl, emu.keystore, 'POST', '/acknowledgements', ackBody(randomUUID()))).rejects.toThrow();
    expect((await apiCall(emu.apiUrl, emu.keystore, 'POST', '/acknowledgements', ackBody(randomUUID()))).status).toBe(200);
  });

  it('failSends fails POST /messages and socket CREATE_MESSAGE', async () => {
    emu.faults.failSends({ status: 500, count: 2 });
    const http = await apiCall(emu.apiUrl, emu.keystore, 'POST', '/messages', createParams());
    expect(http.status).toBe(500);
    const client = await connect();
    const reply = await client.request('CREATE_MESSAGE', createParams());
    expect(reply.error).toEqual({ status: 500, code: 500, description: 'Internal Server Error' });
    expect((await client.request('CREATE_MESSAGE', createParams())).error).toBeUndefined();
    expect(emu.sent).toHaveLength(1);
    expect(emu.refusals.map((r) => `${r.kind}/${r.via}`)).toEqual(['send/http', 'send/socket']);
  });

  it("failSends hang leaves the socket request unanswered; reset drops the socket", async () => {
    const client = await connect();
    emu.faults.failSends({ mode: 'hang', count: 1 });
    const hungId = randomUUID();
    client.send({ id: hungId, action: 'CREATE_MESSAGE', params: createParams() });
    await client.request('NO_SUCH_ACTION'); // later requests still get replies
    expect(client.frames.find((f) => f.id === hungId)).toBeUndefined();
    emu.faults.failSends({ mode: 'reset', count: 1 });
    client.send({ id: randomUUID(), action: 'CREATE_MESSAGE', params: createParams() });
    await withDeadline(client.closed, 2000, 'the reset');
    expect(emu.sent).toHaveLength(0);
  });

  it('stop() and restart() take the server away and back on the same port, keeping state', async () => {
    const m = emu.userSendsText('survives');
    const client = await connect(true);
    await client.waitPushes(1, 2000);
    const port = emu.port;
    await emu.stop();
    await withDeadline(client.closed, 2000, 'the socket to close');
    await expect(RawBlazeClient.connect(emu.blazeUrl, { token: await signTestToken(emu.keystore) })).rejects.toThrow(/ECONNREFUSED/);
    await emu.restart();
    expect(emu.port).toBe(port);
    const again = await connect(true);
    const [push] = await again.waitPushes(1, 2000);
    expect(push).toMatchObject({ message_id: m.message_id, source: 'LIST_PENDING_MESSAGES' });
    expect(emu.connections).toBe(2);
  });

  it('start({port}) reuses a given port after close', async () => {
    const port = emu.port;
    await emu.close();
    emu = await BlazeEmulator.start({ port });
    expect(emu.blazeUrl).toBe(`ws://127.0.0.1:${port}/`);
    await connect();
  });
});

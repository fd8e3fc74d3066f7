import { BlazeEmulator } from './blaze-emulator.js';
import { RawBlazeClient, signTestToken } from './spec-support.js';

describe('BlazeEmulator hostile and strict socket behaviour', () => {
  const clients: RawBlazeClient[] = [];
  const emus: BlazeEmulator[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(emus.splice(0).map((e) => e.close()));
  });

  async function start(options: Parameters<typeof BlazeEmulator.start>[0] = {}): Promise<BlazeEmulator> {
    const emu = await BlazeEmulator.start(options);
    emus.push(emu);
    return emu;
  }
  async function connect(emu: BlazeEmulator, autoPong = true): Promise<RawBlazeClient> {
    const c = await RawBlazeClient.connect(emu.blazeUrl, { token: await signTestToken(emu.keystore), autoPong });
    clients.push(c);
    return c;
  }

  it('userSendsAs pushes a message under another action (CREATE_CALL), again on every connection until acked', async () => {
    const emu = await start();
    const call = emu.userSendsAs('CREATE_CALL', { category: 'WEBRTC_AUDIO_OFFER', payload: 'offer' });
    const first = await connect(emu);
    await first.request('LIST_PENDING_MESSAGES');
    const frame = await first.waitFrame((f) => f.action === 'CREATE_CALL', 5000, 'the CREATE_CALL push');
    expect(frame.data).toMatchObject({ message_id: call.message_id, category: 'WEBRTC_AUDIO_OFFER', source: 'LIST_PENDING_MESSAGES' });
    await first.close();
    const second = await connect(emu);
    await second.request('LIST_PENDING_MESSAGES');
    await second.waitFrame((f) => f.action === 'CREATE_CALL', 5000, 'the CREATE_CALL push again');
    await second.ack(call.message_id);
    expect(emu.deliveries(call.message_id)).toBe(2);
  });

  it('socketFaults.onOpen sends a frame, then closes with the given code and reason, or drops', async () => {
    const emu = await start();
    emu.socketFaults.onOpen({ send: { id: 'e', action: 'ERROR', error: { code: 10006 } }, close: 4001, reason: 'go away' });
    const c = await connect(emu);
    const closed = new Promise<[number, string]>((resolve) => c.ws.once('close', (code, reason) => resolve([code, reason.toString()])));
    expect(await closed).toEqual([4001, 'go away']);
    expect(c.frames).toEqual([{ id: 'e', action: 'ERROR', error: { code: 10006 } }]);

    emu.socketFaults.onOpen({ close: 'drop', afterMs: 20 });
    expect(await (await connect(emu)).closed).toBe(1006);
    emu.socketFaults.onOpen(false);
    const ok = await connect(emu);
    await ok.request('LIST_PENDING_MESSAGES');
    expect(() => emu.socketFaults.onOpen({ close: 1006 })).toThrow('not a close code');
  });

  it('dropSilentAfterMs terminates a client that does not answer pings, and keeps one that does', async () => {
    const emu = await start({ pingIntervalMs: 30, dropSilentAfterMs: 200 });
    const answering = await connect(emu);
    const silent = await connect(emu, false);
    expect(await silent.closed).toBe(1006);
    expect(emu.socketFaults.silentDrops).toBe(1);
    await answering.request('LIST_PENDING_MESSAGES'); // still served
    expect(emu.openConnections).toBe(1);
  });
});

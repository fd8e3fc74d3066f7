/**
 * The emulator checked against code nobody here wrote: the official Node SDK
 * (@mixin.dev/mixin-node-sdk 7.5.5) signs its own tokens, gzips its own frames and runs
 * its own ack logic. If the emulator and the SDK disagree, the emulator is wrong.
 */
import { randomUUID } from 'node:crypto';
import { MixinApi, uniqueConversationID } from '@mixin.dev/mixin-node-sdk';
import { sendRaw, websocket } from '@mixin.dev/mixin-node-sdk/blaze';
import type WebSocket from 'ws';
import { BlazeEmulator, uniqueConversationId } from 'nestjs-mixin-blaze/testing';

// sha256("GET/"): the `sig` of every Blaze handshake token (docs/protocol.md §1.2).
const HANDSHAKE_SIG = 'f837ebeb4c2981ad9c64b70d0b0d18724c76c60781b9e4bf7a582510df7ada39';

interface SdkMessage {
  message_id: string;
  data: unknown;
  source: string;
  category: string;
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describe('BlazeEmulator against the official Node SDK 7.5.5', () => {
  let emu: BlazeEmulator;
  let sdkSocket: WebSocket | undefined;

  beforeEach(async () => {
    emu = await BlazeEmulator.start();
  });

  afterEach(async () => {
    // websocket() has no reconnect of its own (only BlazeKeystoreClient's loop does), so
    // terminating it and then closing the emulator leaves nothing behind for jest.
    sdkSocket?.terminate();
    sdkSocket = undefined;
    await emu.close();
  });

  /**
   * Opens the SDK's socket the way its BlazeKeystoreClient loop does (LIST_PENDING_MESSAGES
   * via the SDK's own sendRaw on open). The loop itself cannot be used: its URL is hardcoded
   * to wss://blaze.mixin.one.
   */
  function connectSdk(onMessage: (msg: SdkMessage) => Promise<void>): WebSocket {
    const ws = websocket(emu.keystore, emu.blazeUrl, { onMessage: onMessage as never }, { parse: true, syncAck: true });
    ws.on('open', () => void sendRaw(ws, { id: randomUUID(), action: 'LIST_PENDING_MESSAGES' }));
    sdkSocket = ws;
    return ws;
  }

  it('delivers backlog and live messages to the SDK, which acks each over the socket', async () => {
    const received: SdkMessage[] = [];
    const before = ['hello before one', 'hello before two', 'héllo ✓ unicode'].map((t) => emu.userSendsText(t));
    connectSdk(async (msg) => {
      received.push(msg);
    });
    await emu.waitForAcks(before.map((m) => m.message_id), 5000);

    const after = ['hello after one', 'hello after two'].map((t) => emu.userSendsText(t));
    await emu.waitForAcks(after.map((m) => m.message_id), 5000);

    const all = [...before, ...after];
    expect(received.map((m) => m.message_id)).toEqual(all.map((m) => m.message_id));
    expect(received.map((m) => m.data)).toEqual([
      'hello before one', 'hello before two', 'héllo ✓ unicode', 'hello after one', 'hello after two',
    ]);
    expect(received.map((m) => m.source)).toEqual([
      'LIST_PENDING_MESSAGES', 'LIST_PENDING_MESSAGES', 'LIST_PENDING_MESSAGES', 'CREATE_MESSAGE', 'CREATE_MESSAGE',
    ]);
    expect(emu.acks.map((a) => [a.messageId, a.via, a.status])).toEqual(all.map((m) => [m.message_id, 'socket', 'READ']));
    expect(emu.pending()).toEqual([]);
    expect(all.every((m) => emu.deliveries(m.message_id) === 1)).toBe(true);
  });

  it("verifies the SDK's own handshake token and records it as valid", async () => {
    const m = emu.userSendsText('token check');
    connectSdk(async () => undefined);
    await emu.waitForAck(m.message_id, 5000);
    expect(emu.connections).toBe(1);
    expect(emu.tokens).toHaveLength(1);
    const [token] = emu.tokens;
    expect(token).toMatchObject({ method: 'GET', path: '/', valid: true });
    expect(token.claims).toMatchObject({
      uid: emu.keystore.app_id,
      sid: emu.keystore.session_id,
      scp: 'FULL',
      sig: HANDSHAKE_SIG,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect((token.claims!.exp as number) - (token.claims!.iat as number)).toBe(3600);
  });

  it('redelivers a message the SDK did not ack once it reconnects', async () => {
    let fail = true;
    const m = emu.userSendsText('retry me');
    const seen: string[] = [];
    // The SDK leaves a handler rejection unhandled (docs/protocol.md §7), so "failure" here is a
    // handler that never resolves: no ack is sent, as with a crash.
    let handlerEntered!: () => void;
    const entered = new Promise<void>((resolve) => (handlerEntered = resolve));
    connectSdk((msg) => {
      seen.push(msg.message_id);
      handlerEntered();
      return fail ? new Promise<void>(() => undefined) : Promise.resolve();
    });
    await emu.waitFor(() => emu.deliveries(m.message_id) === 1, 5000, 'the first delivery');
    await withDeadline(entered, 5000, 'the SDK handler to see the first delivery');
    expect(emu.isAcked(m.message_id)).toBe(false);
    sdkSocket!.terminate();
    fail = false;
    connectSdk(async (msg) => {
      seen.push(msg.message_id);
    });
    await emu.waitForAck(m.message_id, 5000);
    expect(seen).toEqual([m.message_id, m.message_id]);
    expect(emu.deliveries(m.message_id)).toBe(2);
  });

  it("accepts the SDK's HTTP client: GET /me, POST /messages and POST /acknowledgements", async () => {
    const client = MixinApi({ keystore: emu.keystore, requestConfig: { baseURL: emu.apiUrl } });
    const me = await client.user.profile();
    expect(me).toMatchObject({ user_id: emu.botUserId, full_name: 'Emulated bot' });

    const sent = await client.message.sendText(emu.userId, 'reply from the SDK ✓');
    const record = await emu.waitForReply(uniqueConversationId(emu.userId, emu.botUserId), 2000);
    expect(record).toMatchObject({ messageId: sent.message_id, recipientId: emu.userId, text: 'reply from the SDK ✓', via: 'http' });

    const m = emu.userSendsText('ack me over http');
    await client.message.sendAcknowledges([{ message_id: m.message_id, status: 'READ' }]);
    expect(emu.acks).toEqual([expect.objectContaining({ messageId: m.message_id, via: 'http' })]);
    expect(emu.tokens.map((t) => [t.method, t.path, t.valid])).toEqual([
      ['GET', '/me', true],
      ['POST', '/messages', true],
      ['POST', '/acknowledgements', true],
    ]);
  });

  it("derives the same 1:1 conversation ids as the SDK's uniqueConversationID", () => {
    for (let i = 0; i < 20; i++) {
      const [a, b] = [randomUUID(), randomUUID()];
      expect(uniqueConversationId(a, b)).toBe(uniqueConversationID(a, b));
      expect(uniqueConversationId(b, a)).toBe(uniqueConversationID(a, b));
    }
  });
});

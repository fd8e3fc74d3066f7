import { randomBytes, randomUUID } from 'node:crypto';
import type { TokenSigner } from '../auth/token-signer.js';
import { BlazeEmulator } from '../testing/blaze-emulator.js';
import type { BlazeEmulatorOptions } from '../testing/emulator-types.js';
import { signTestToken } from '../testing/spec-support.js';
import { BlazeConnection } from './blaze-connection.js';
import type { BlazeConnectionConfig } from './connection-types.js';
import type { UnreadableMessage } from './unreadable-message.js';

/** Every line the connection logs, as `level text`. */
const lines: string[] = [];
const capture = (level: string) => (message: unknown) => void lines.push(`${level} ${String(message)}`);
const logger = { log: capture('log'), warn: capture('warn'), error: capture('error'), debug: capture('debug') };

const BASE: Omit<BlazeConnectionConfig, 'urls'> = {
  connectTimeoutMs: 2000,
  requestTimeoutMs: 2000,
  pingIntervalMs: 10_000,
  deadConnectionTimeoutMs: 25_000,
  reconnect: { initialDelayMs: 20, maxDelayMs: 1000, multiplier: 2 },
  unauthorizedRetryMs: 60_000,
  maxCompressedBytes: 64 * 1024,
  maxInflatedBytes: 1024 * 1024,
};

interface Harness {
  emu: BlazeEmulator;
  conn: BlazeConnection;
  views: Array<Record<string, unknown>>;
  unreadable: UnreadableMessage[];
  ids(): Set<string>;
}

const open: Harness[] = [];

async function start(config: Partial<BlazeConnectionConfig> = {}, emuOptions: BlazeEmulatorOptions = {}, url?: (emu: BlazeEmulator) => string): Promise<Harness> {
  const emu = await BlazeEmulator.start(emuOptions);
  const signer = { sign: () => signTestToken(emu.keystore) } as unknown as TokenSigner;
  const views: Array<Record<string, unknown>> = [];
  const unreadable: UnreadableMessage[] = [];
  const conn = new BlazeConnection({ ...BASE, urls: [url ? url(emu) : emu.blazeUrl], ...config }, signer, {
    onMessage: (view) => views.push(view as Record<string, unknown>),
    onUnreadable: (info) => unreadable.push(info),
  }, logger);
  const h = { emu, conn, views, unreadable, ids: () => new Set(views.map((v) => v.message_id as string)) };
  open.push(h);
  return h;
}

/** Waits until the window has passed, then returns how many upgrade attempts it saw. */
async function attemptsOver(emu: BlazeEmulator, ms: number): Promise<number> {
  const before = emu.connectionAttempts;
  const until = Date.now() + ms;
  await emu.waitFor(() => Date.now() >= until, ms + 1000, `${ms} ms to pass`);
  return emu.connectionAttempts - before;
}

describe('BlazeConnection against hostile servers', () => {
  beforeEach(() => void lines.splice(0));
  afterEach(async () => {
    for (const h of open.splice(0)) {
      await h.conn.close();
      await h.emu.close();
    }
  });

  it.each([
    ['closes with 1008', { close: 1008, reason: 'policy\nforged line' }],
    ['closes with 4001', { close: 4001, reason: 'unauthorized' }],
    ['drops the TCP connection', { close: 'drop' as const }],
  ])('backs off when the server accepts and then %s, and logs the close sanitised', async (_what, fault) => {
    const { emu, conn } = await start();
    emu.socketFaults.onOpen(fault);
    conn.start();
    await emu.waitForConnections(5, 10_000); // 20 + 40 + 80 + 160 ms of backoff, roughly
    // The backoff reached its 1000 ms cap: at most ~3 attempts in 3 s, not 2 per second forever.
    expect(await attemptsOver(emu, 3000)).toBeLessThanOrEqual(4);
    if (fault.close === 1008) {
      const closed = lines.find((l) => l.includes('code 1008'));
      expect(closed).toContain('policy violation, reason "policy\\nforged line"');
    }
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  });

  it('says clearly that ERROR 10006 asks for an update, and retries slowly', async () => {
    const { emu, conn } = await start({ unauthorizedRetryMs: 60_000 });
    emu.socketFaults.onOpen({ send: { id: randomUUID(), action: 'ERROR', error: { status: 202, code: 10006, description: 'App update required' } } });
    conn.start();
    await emu.waitFor(() => lines.some((l) => l.includes('10006')), 5000, 'the 10006 error line');
    expect(lines.find((l) => l.includes('10006'))).toMatch(/^error .*app update required.*update nestjs-mixin-blaze.*Retrying every 60 s/);
    expect(await attemptsOver(emu, 1000)).toBe(0);
    expect(emu.connections).toBe(1);
  });

  it('names a message whose frame is over maxFrameBytes and delivers the 50 behind it on the same connection', async () => {
    const { emu, conn, unreadable, ids } = await start();
    const big = emu.userSendsText(randomBytes(200 * 1024).toString('base64'));
    const small = emu.userSendsMany(50, (i) => ({ payload: `m${i}` }));
    conn.start();
    await emu.waitFor(() => small.every((id) => ids().has(id)), 10_000, 'the 50 small messages');
    expect(unreadable).toEqual([expect.objectContaining({ messageId: big.message_id, category: 'PLAIN_TEXT', reason: expect.stringContaining('maxFrameBytes') })]);
    expect(ids().has(big.message_id)).toBe(false);
    expect(emu.connections).toBe(1);
  });

  it('a frame over the hard ceiling (64 MiB) still costs a reconnect, said plainly; that is the only case', async () => {
    const { emu, conn } = await start();
    conn.start();
    await emu.waitFor(() => conn.state === 'open', 5000, 'open');
    emu.pushRawFrame(Buffer.alloc(64 * 1024 * 1024 + 1), { gzip: false });
    await emu.waitForConnections(2, 10_000);
    expect(lines.find((l) => l.startsWith('error'))).toMatch(/a frame over 67108864 bytes.*raise maxFrameBytes/);
  });

  it('keeps answering pings while paused, so a server that drops silent clients keeps the connection', async () => {
    const { emu, conn, ids } = await start({ pingIntervalMs: 100, deadConnectionTimeoutMs: 1000 }, { pingIntervalMs: 50, dropSilentAfterMs: 400 });
    conn.start();
    await emu.waitFor(() => conn.state === 'open', 5000, 'open');
    conn.pause();
    const queued = emu.userSendsMany(200, (i) => ({ payload: `m${i}` }));
    const pausedUntil = Date.now() + 2000; // five times the server's patience
    await emu.waitFor(() => Date.now() >= pausedUntil, 5000, 'a long pause');
    expect(emu.socketFaults.silentDrops).toBe(0);
    expect(emu.connections).toBe(1);
    expect(ids().size).toBe(0);
    conn.resume();
    await emu.waitFor(() => queued.every((id) => ids().has(id)), 5000, 'the messages held while paused');
    expect(emu.connections).toBe(1);
  });

  it('sheds pushes over the paused budget and, once reading resumes, reconnects so that they come again', async () => {
    const { emu, conn, ids } = await start({ pingIntervalMs: 100, deadConnectionTimeoutMs: 1000, pausedHeldBytes: 4 * 1024 });
    conn.start();
    await emu.waitFor(() => conn.state === 'open', 5000, 'open');
    conn.pause();
    const queued = emu.userSendsMany(100, (i) => ({ payload: `m${i}` }));
    // Breathing reads the socket now and then: more than the 4 KiB budget arrives, and the rest is shed.
    await emu.waitFor(() => lines.some((l) => l.includes('later pushes are dropped')), 5000, 'shedding');
    expect(ids().size).toBe(0);
    conn.resume();
    await emu.waitFor(() => queued.every((id) => ids().has(id)), 5000, 'every message, shed ones included');
    expect(emu.connections).toBe(2);
  });

  it('never logs credentials of the URL', async () => {
    const { emu, conn } = await start({}, {}, (e) => `ws://bot:hunter2@127.0.0.1:${e.port}/`);
    conn.start();
    await emu.waitFor(() => conn.state === 'open', 5000, 'open');
    await emu.stop();
    await emu.waitFor(() => lines.some((l) => l.includes('socket error')), 5000, 'a connect error');
    expect(lines.some((l) => l.includes('127.0.0.1'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/hunter|bot:/);
  });
});

import { request } from 'node:http';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { BlazeEmulator } from '../blaze-emulator.js';
import { MAX_EVENT_TEXT, MAX_HISTORY_BYTES, PlaygroundFeed } from './playground-feed.js';
import { MAX_UNREAD_BYTES, PlaygroundStreams } from './playground-sse.js';

/** One raw request, so that Host, Origin and Content-Type can be anything. */
function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A response whose peer reads everything at once, or nothing at all (everything stays buffered). */
class FakeResponse extends EventEmitter {
  writableLength = 0;
  destroyed = false;
  chunks = 0;
  constructor(private readonly reads: boolean) {
    super();
  }
  writeHead(): this {
    return this;
  }
  write(chunk: string): boolean {
    this.chunks++;
    if (!this.reads) this.writableLength += chunk.length;
    return this.reads;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('the playground server', () => {
  let emu: BlazeEmulator;
  beforeEach(async () => {
    emu = await BlazeEmulator.start({ playground: true });
  });
  afterEach(() => emu.close());

  const send = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    raw(`${emu.playground!.url}api/send`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = (extra: Record<string, unknown> = {}) => ({ kind: 'text', text: 'hi', userId: emu.userId, conversationId: crypto.randomUUID(), ...extra });

  it('listens on loopback only, and sends a user message into the emulator', async () => {
    expect(emu.playground!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await send(text());
    expect(res.status).toBe(200);
    expect(emu.pending()).toEqual([JSON.parse(res.body).messageId]);
  });

  it('refuses what only another site or a confused client would send', async () => {
    const page = await raw(emu.playground!.url, { headers: { Host: `rebound.example:${emu.playground!.port}` } });
    expect(page.status).toBe(421);
    expect((await send(text(), { 'Content-Type': 'application/json', Origin: 'http://evil.example' })).status).toBe(403);
    expect((await send(text(), { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await send({ ...text(), text: 'x'.repeat(20_000) })).status).toBe(413);
    expect((await send(text({ kind: 'rm -rf' }))).status).toBe(400);
    expect((await send(text({ userId: crypto.randomUUID() }))).status).toBe(400);
    expect((await send('{not json')).status).toBe(400);
    expect(emu.pending()).toEqual([]);
  });

  it('keeps a bounded history, with every event text cut', () => {
    const feed = new PlaygroundFeed(emu);
    for (let i = 0; i < 300; i++) emu.userSendsText('y'.repeat(20_000));
    const replay = feed.replay().join('');
    expect(replay.length).toBeLessThanOrEqual(MAX_HISTORY_BYTES);
    expect(replay.length).toBeGreaterThan(MAX_HISTORY_BYTES / 2);
    expect(feed.replay().every((chunk) => chunk.length < MAX_EVENT_TEXT + 500)).toBe(true);
    feed.close();
  });

  it('cuts off a page that stops reading once MAX_UNREAD_BYTES wait for it; the others carry on', () => {
    const listeners = new Set<(chunk: string) => void>();
    const publish = (chunk: string) => listeners.forEach((l) => l(chunk));
    const feed = { replay: () => [], subscribe: (l: (c: string) => void) => (listeners.add(l), () => listeners.delete(l)) };
    const streams = new PlaygroundStreams(feed as unknown as PlaygroundFeed, () => 'data: {}\n\n');
    const stalled = new FakeResponse(false);
    const reading = new FakeResponse(true);
    streams.attach(reading as unknown as ServerResponse);
    streams.attach(stalled as unknown as ServerResponse);
    expect(streams.size).toBe(2);
    const chunk = `data: ${'z'.repeat(64 * 1024)}\n\n`;
    for (let i = 0; i < 100; i++) publish(chunk);
    expect(stalled.destroyed).toBe(true);
    expect(stalled.writableLength).toBeLessThanOrEqual(MAX_UNREAD_BYTES);
    expect(streams.size).toBe(1);
    expect(streams.dropped).toBe(1);
    expect([reading.destroyed, reading.chunks]).toEqual([false, 101]);
  });
});

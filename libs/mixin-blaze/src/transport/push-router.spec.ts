import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { decodeFrame, FrameDecodeError, type BlazeFrame, type FrameLimits } from './frame-codec.js';
import { PushRouter } from './push-router.js';
import type { ReadGate } from './read-gate.js';
import { RequestTracker } from './request-tracker.js';
import type { UnreadableMessage } from './unreadable-message.js';
import type { EngineLogger } from '../util/engine-logger.js';

const LIMITS: FrameLimits = { maxCompressedBytes: 4096, maxInflatedBytes: 64 * 1024 };

function setup() {
  const lines: string[] = [];
  const offered: unknown[] = [];
  const events: string[] = [];
  const unreadable: UnreadableMessage[] = [];
  const logger = {
    warn: (m: string) => lines.push(`warn ${m}`),
    debug: (m: string) => lines.push(`debug ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
    log: (m: string) => lines.push(`log ${m}`),
  } satisfies EngineLogger;
  const gate = { offer: (view: unknown) => offered.push(view) } as unknown as ReadGate;
  const tracker = new RequestTracker();
  const router = new PushRouter(tracker, gate, LIMITS, logger, {
    unreadable: (info) => unreadable.push(info),
    unauthorized: (code) => events.push(`unauthorized ${code}`),
    updateRequired: (description) => events.push(`update-required ${description}`),
  });
  return { router, tracker, lines, offered, events, unreadable };
}

const view = (extra: Record<string, unknown> = {}) => ({ type: 'message', message_id: randomUUID(), category: 'WEBRTC_AUDIO_OFFER', ...extra });
const frame = (f: Partial<BlazeFrame> & Record<string, unknown>) => ({ id: randomUUID(), ...f }) as BlazeFrame;

describe('PushRouter', () => {
  it('hands CREATE_CALL, CREATE_KRAKEN and unknown pushes carrying a message view to the gate, like CREATE_MESSAGE', () => {
    const { router, offered } = setup();
    const pushes = ['CREATE_MESSAGE', 'CREATE_CALL', 'CREATE_KRAKEN', 'CREATE_SOMETHING_NEW'].map((action) => ({ action, data: view() }));
    for (const p of pushes) router.route(frame(p), 100);
    router.route(frame({ action: 'ACKNOWLEDGE_MESSAGE_RECEIPT', data: view() }), 100); // about our own message
    router.route(frame({ action: 'CREATE_SOMETHING_NEW', data: { message_id: 'x' } }), 100); // not a message view
    expect(offered).toEqual(pushes.map((p) => p.data));
  });

  it('takes ERROR 401 / 20121 as a refused token and 10006 as "update required"', () => {
    const { router, events } = setup();
    router.route(frame({ action: 'ERROR', error: { code: 401 } }), 10);
    router.route(frame({ action: 'ERROR', error: { code: 20121 } }), 10);
    router.route(frame({ action: 'ERROR', error: { code: 10006, description: 'App update required' } }), 10);
    expect(events).toEqual(['unauthorized 401', 'unauthorized 20121', 'update-required App update required']);
  });

  it('survives frames of any shape, and escapes and cuts every wire value it logs', () => {
    const { router, lines, offered } = setup();
    const forged = 'x\n[Nest] 1  - 01/01/2030 LOG [MixinBlaze] forged line\u2028' + 'y'.repeat(1_000_000);
    const odd: Array<Record<string, unknown>> = [
      { action: 'ERROR', error: 'not an object' },
      { action: 'ERROR', error: null },
      { action: 'ERROR', error: [401] },
      { action: 'ERROR', error: { code: { nested: 1 }, description: forged } },
      { action: 'ERROR', error: { code: forged, description: 42 } },
      { action: 'CREATE_MESSAGE', data: 'a string' },
      { action: 'CREATE_MESSAGE', data: null, id: forged },
      { action: 'CREATE_MESSAGE', data: 7, id: { toString: null } },
      { action: forged, data: [] },
      { action: forged, id: 12 },
    ];
    for (const f of odd) expect(() => router.route(f as unknown as BlazeFrame, 10)).not.toThrow();
    expect(offered).toEqual([]);
    for (const line of lines) {
      expect(line).not.toMatch(/[\n\r\u2028]/);
      expect(line.length).toBeLessThan(600);
    }
    expect(lines.join('\n')).toContain('\\n[Nest]');
  });

  it('names an unreadable message push and hands it on; a reply we wait for fails instead', async () => {
    const { router, tracker, unreadable, lines } = setup();
    const messageId = randomUUID();
    const big = gzipSync(JSON.stringify({ id: randomUUID(), action: 'CREATE_MESSAGE', data: { message_id: messageId, category: 'PLAIN_TEXT\n', data: 'A'.repeat(200_000) } }));
    router.malformed(rejection(big), big);
    expect(unreadable).toEqual([{ messageId, category: 'PLAIN_TEXT\n', conversationId: undefined, userId: undefined, reason: expect.stringContaining('maxInflatedFrameBytes'), frameBytes: big.length }]);
    expect(lines.at(-1)).toContain(messageId);
    expect(lines.at(-1)).toContain('PLAIN_TEXT\\n');

    const id = randomUUID();
    const reply = tracker.track(id, 'CREATE_MESSAGE', 5000);
    const bigReply = gzipSync(JSON.stringify({ id, action: 'CREATE_MESSAGE', data: { message_id: randomUUID(), data: 'A'.repeat(200_000) } }));
    router.malformed(rejection(bigReply), bigReply);
    await expect(reply).rejects.toThrow('could not be read');
    expect(unreadable).toHaveLength(1);
  });

  it('logs garbage as a malformed frame, with the reason', () => {
    const { router, lines, unreadable } = setup();
    const garbage = Buffer.from('garbage\nforged');
    router.malformed(rejection(garbage), garbage);
    expect(unreadable).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(/^warn dropped a malformed frame \(not-gzip\)/)]);
  });
});

function rejection(bytes: Buffer): FrameDecodeError {
  try {
    decodeFrame(bytes, LIMITS);
  } catch (err) {
    if (err instanceof FrameDecodeError) return err;
  }
  throw new Error('expected the frame to be rejected');
}

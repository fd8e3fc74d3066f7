import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { jsonBytes, MAX_MESSAGES_BODY_BYTES, splitIntoBatches } from './batch-splitter.js';
import type { OutgoingMessage } from './outgoing-message.js';
import { OutgoingPayloadError } from './outgoing-payload.error.js';
import { prepareBatches } from './send-many.js';

const text = (payload: string): OutgoingMessage => ({ conversationId: randomUUID(), category: 'PLAIN_TEXT', payload });

describe('splitIntoBatches', () => {
  it('sums the exact JSON array size: a body of exactly maxBytes stays whole, one byte more splits', () => {
    const items = ['aaaa', 'bbbb', 'cc'];
    const sizes = items.map((s) => jsonBytes(s));
    const exact = jsonBytes(items);
    expect(splitIntoBatches(items, sizes, { maxItems: 100, maxBytes: exact })).toEqual([items]);
    expect(splitIntoBatches(items, sizes, { maxItems: 100, maxBytes: exact - 1 })).toEqual([['aaaa', 'bbbb'], ['cc']]);
  });

  it('caps the item count and keeps order', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    expect(splitIntoBatches(items, items.map(() => 1), { maxItems: 3, maxBytes: 1_000 })).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });
});

describe('prepareBatches', () => {
  it('packs real wire messages greedily: every body fits, and the next message would not have', () => {
    const messages = Array.from({ length: 40 }, (_, i) => text('x'.repeat(5_000 + i * 97)));
    const batches = prepareBatches(messages);
    expect(batches.flat().map((w) => Buffer.from(w.data_base64, 'base64url').toString())).toEqual(messages.map((m) => m.payload));
    batches.forEach((batch, b) => {
      expect(jsonBytes(batch)).toBeLessThanOrEqual(MAX_MESSAGES_BODY_BYTES);
      if (b + 1 < batches.length) expect(jsonBytes([...batch, batches[b + 1][0]])).toBeGreaterThan(MAX_MESSAGES_BODY_BYTES);
    });
  });

  it('refuses a message too big for one request, naming its index', () => {
    const messages = [text('ok'), text('x'.repeat(100_000))];
    expect(() => prepareBatches(messages)).toThrow(OutgoingPayloadError);
    try {
      prepareBatches(messages);
    } catch (err) {
      expect((err as OutgoingPayloadError).index).toBe(1);
      expect((err as OutgoingPayloadError).constraints[0]).toMatch(/over the 131072-byte limit/);
    }
  });
});

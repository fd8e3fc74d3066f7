import 'reflect-metadata';
import { isEncryptedCategory, plainCategoryOf } from '../categories.js';
import { decodeMessageView } from '../message-decoder.js';
import { modelledCategories } from '../payload-registry.js';
import { sampleMessageView } from '../../testing/message-fixtures.js';
import { REAL_PAYLOADS, type RealPayload } from './index.js';

const cases = REAL_PAYLOADS.map((f) => [`${f.category}: ${f.name}`, f] as const);

function extrasOf(f: RealPayload, index?: number): Readonly<Record<string, unknown>> {
  const extras = f.extras;
  if (extras === undefined) return {};
  if (Array.isArray(extras)) return (index === undefined ? undefined : extras[index]) ?? {};
  return extras as Record<string, unknown>;
}

function checkDecoded(f: RealPayload, payload: unknown): void {
  if (typeof f.payload === 'string') {
    expect(payload).toBe(f.expected);
    return;
  }
  expect(payload).toMatchObject(f.expected as object);
  const items: unknown[] = Array.isArray(payload) ? payload : [payload];
  items.forEach((item, i) => {
    const extras = extrasOf(f, Array.isArray(payload) ? i : undefined);
    for (const [key, value] of Object.entries(extras)) {
      expect([key, Object.hasOwn(item as object, key)]).toEqual([key, true]);
      expect((item as Record<string, unknown>)[key]).toEqual(value);
    }
    // Absent and null typed fields read as undefined; only extras keep the wire's null.
    const nulls = Object.entries(item as object).filter(([key, value]) => value === null && !(key in extras));
    expect(nulls).toEqual([]);
  });
}

describe('real-world payload corpus (issue 9 §1: never reject a real message)', () => {
  it.each(cases)('%s', (_title, f) => {
    const msg = decodeMessageView(sampleMessageView(f.category, f.payload));
    expect(msg).toBeInstanceOf(f.messageClass);
    expect(msg.category).toBe(f.category);
    checkDecoded(f, msg.payload);
  });

  it.each(cases)('%s, sent as the ENCRYPTED_ twin', (_title, f) => {
    const encrypted = f.category.replace(/^PLAIN_/, 'ENCRYPTED_');
    if (!f.category.startsWith('PLAIN_') || !modelledCategories().includes(encrypted)) return;
    // The decrypt step is not under test here: it hands back the plaintext.
    const msg = decodeMessageView(sampleMessageView(encrypted, f.payload), { decrypt: (bytes) => bytes });
    expect(msg).toBeInstanceOf(f.messageClass);
    checkDecoded(f, msg.payload);
  });

  it('every fixture cites the repository and file it comes from', () => {
    const uncited = REAL_PAYLOADS.filter((f) => !/^(MixinNetwork\/[\w.-]+|fox-one\/mixin-sdk-go|@mixin\.dev\/mixin-node-sdk) \S/.test(f.source));
    expect(uncited.map((f) => f.name)).toEqual([]);
  });

  it('covers every category in the payload registry (ENCRYPTED_X through its PLAIN_X twin)', () => {
    const covered = new Set(REAL_PAYLOADS.map((f) => f.category));
    const missing = modelledCategories().filter((c) => !covered.has(isEncryptedCategory(c) ? plainCategoryOf(c) : c));
    expect(missing).toEqual([]);
  });
});

import 'reflect-metadata';
import { IsOptional, IsString } from 'class-validator';
import type { AppCardMessage, ContactMessage, DataMessage } from './blaze-message.dto.js';
import { MAX_PAYLOAD_DEPTH, guardJson } from './json-guard.js';
import { decodeMessageView, type DecodeOptions } from './message-decoder.js';
import { MessageDecodeError } from './message-decode.error.js';
import { ContactPayload } from './payloads/index.js';
import { SAMPLE_IDS as I, sampleMessageView, samplePayload, thrownBy } from '../testing/message-fixtures.js';

const decodeError = (view: unknown, options?: DecodeOptions) => thrownBy(MessageDecodeError, () => decodeMessageView(view, options));

const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const nestedObjects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const dataWith = (name: string) => `{"attachment_id":"${I.attachmentId}","mime_type":"a/b","size":1,"name":${name}}`;

class Note {
  @IsString() text: string;
  @IsOptional() extra?: unknown;
}

describe('decodeMessageView: nesting depth (issue 9 §3)', () => {
  it('refuses a 4 KB PLAIN_DATA payload nested 2000 deep with a MessageDecodeError, not a RangeError', () => {
    const bytes = Buffer.from(dataWith(nestedArrays(2000)));
    expect(bytes.length).toBeLessThan(4_200);
    const err = decodeError(sampleMessageView('PLAIN_DATA', bytes));
    expect(err).toMatchObject({ stage: 'json', messageId: I.messageId, category: 'PLAIN_DATA' });
    expect(err.constraints).toEqual([`payload: payload is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`]);
  });

  it.each([
    ['arrays', nestedArrays(2000)],
    ['objects', nestedObjects(2000)],
  ])('refuses a payload for a user dto nested 2000 deep (%s)', (_kind, deep) => {
    const err = decodeError(sampleMessageView('PLAIN_TEXT', `{"text":"x","extra":${deep}}`), { payloadClass: Note });
    expect(err.stage).toBe('json');
    expect(err.issues[0]?.rules).toEqual(['maxDepth']);
  });

  it('accepts exactly the bound and refuses one level more', () => {
    // The payload object is level 1, so the value may add MAX_PAYLOAD_DEPTH - 1 levels.
    const fits = decodeMessageView(sampleMessageView('PLAIN_TEXT', `{"text":"x","extra":${nestedArrays(MAX_PAYLOAD_DEPTH - 1)}}`), { payloadClass: Note });
    expect((fits.payload as Note).text).toBe('x');
    const over = decodeError(sampleMessageView('PLAIN_TEXT', `{"text":"x","extra":${nestedArrays(MAX_PAYLOAD_DEPTH)}}`), { payloadClass: Note });
    expect(over.stage).toBe('json');
  });

  // V8's JSON.parse is iterative: on Node 20 it parses 100,000 (and 1,000,000) levels; only
  // what runs after it recursed. guardJson walks with its own stack.
  it('survives 100,000 levels: JSON.parse, the guard, and the whole decoder', () => {
    expect(guardJson(JSON.parse(nestedArrays(100_000)))).toBe(false);
    expect(guardJson(JSON.parse(nestedObjects(100_000)), 200_000)).toBe(true);
    const err = decodeError(sampleMessageView('PLAIN_DATA', Buffer.from(dataWith(nestedObjects(100_000)))));
    expect(err.issues[0]?.rules).toEqual(['maxDepth']);
  });
});

describe('decodeMessageView: unsafe keys from the wire', () => {
  const hostile = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1';

  it('never lets __proto__, constructor or prototype reach a payload instance or its extras', () => {
    const json = `${hostile},"user_id":"${I.opponentId}","nested":${hostile},"x":1}}`;
    const msg = decodeMessageView(sampleMessageView('PLAIN_CONTACT', Buffer.from(json))) as ContactMessage;
    const payload = msg.payload as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(payload)).toBe(ContactPayload.prototype);
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(Object.hasOwn(payload, key)).toBe(false);
      expect(Object.hasOwn(payload.nested as object, key)).toBe(false);
    }
    expect(payload.nested).toEqual({ x: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does the same for a user dto and for nested payload classes', () => {
    const note = decodeMessageView(sampleMessageView('PLAIN_TEXT', `${hostile},"text":"x"}`), { payloadClass: Note }).payload as Note;
    expect(note).toBeInstanceOf(Note);
    for (const key of ['__proto__', 'constructor', 'prototype']) expect(Object.hasOwn(note, key)).toBe(false);
    expect(note.text).toBe('x');
    const card = { ...(samplePayload('APP_CARD') as Record<string, unknown>) };
    const json = JSON.stringify(card).replace('"cover":{', '"cover":{"__proto__":{"polluted":true},"prototype":2,');
    const msg = decodeMessageView(sampleMessageView('APP_CARD', Buffer.from(json))) as AppCardMessage;
    expect(Object.hasOwn(msg.payload.cover!, 'prototype')).toBe(false);
    expect((msg.payload.cover as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps extras off names that are typed properties or live on the prototype chain', () => {
    const json = JSON.stringify({ user_id: I.opponentId, userId: 'camel', toString: 'x', hasOwnProperty: 1, note: 'kept' });
    const msg = decodeMessageView(sampleMessageView('PLAIN_CONTACT', Buffer.from(json))) as ContactMessage;
    expect(msg.payload.userId).toBe(I.opponentId);
    expect(String(msg.payload)).toBe('[object Object]');
    expect(Object.hasOwn(msg.payload, 'hasOwnProperty')).toBe(false);
    expect(msg.payload).toMatchObject({ note: 'kept' });
  });

  it('keeps extras of nested payload classes (app card cover and actions)', () => {
    const card = samplePayload('APP_CARD') as { cover: Record<string, unknown>; actions: Record<string, unknown>[] };
    card.cover.blurhash = 'LEHV6n';
    card.actions[0]!.style = 'primary';
    const msg = decodeMessageView(sampleMessageView('APP_CARD', card)) as AppCardMessage;
    expect(msg.payload.cover).toMatchObject({ width: 600, blurhash: 'LEHV6n' });
    expect(msg.payload.actions![0]).toMatchObject({ label: 'Track', style: 'primary' });
  });
});

describe('decodeMessageView: ids and categories in errors (issue 9 §4)', () => {
  it('escapes control characters and cuts long values with logSafe', () => {
    const forged = 'x\n[Nest] 1 - LOG forged line' + 'y'.repeat(200);
    const err = decodeError(sampleMessageView(`PLAIN_TEXT\r\n${'z'.repeat(100)}`, 'x', { message_id: forged, category: 'PLAIN_IMAGE\nINJECTED' }));
    expect(err.message).not.toMatch(/[\n\r]/);
    expect(err.messageId).toMatch(/^x\\n\[Nest\]/);
    expect(err.messageId).toMatch(/…\(\d+ chars\)$/);
    expect(err.category).toBe('PLAIN_IMAGE\\nINJECTED');
  });

  it('lists at most 10 issues in the message', () => {
    const json = JSON.stringify(Array.from({ length: 50 }, () => ({ label: 1 })));
    const err = decodeError(sampleMessageView('APP_BUTTON_GROUP', Buffer.from(json)));
    expect(err.issues).toHaveLength(50);
    expect(err.message).toMatch(/; and 40 more$/);
  });
});

describe('decodeMessageView: numeric strings and nulls on payload fields', () => {
  it('converts numeric strings to numbers and null/"" to undefined', () => {
    const json = dataWith('"a.pdf"').replace('"size":1', '"size":" 42 "');
    expect((decodeMessageView(sampleMessageView('PLAIN_DATA', Buffer.from(json))) as DataMessage).payload.size).toBe(42);
    for (const size of [null, '']) {
      const msg = decodeMessageView(sampleMessageView('PLAIN_DATA', { attachment_id: I.attachmentId, size })) as DataMessage;
      expect(Object.hasOwn(msg.payload, 'size')).toBe(true);
      expect(msg.payload.size).toBeUndefined();
    }
  });

  it.each([['wide'], [true], [{}], ['1e999']])('still refuses a size of %p', (size) => {
    const err = decodeError(sampleMessageView('PLAIN_DATA', { attachment_id: I.attachmentId, size }));
    expect(err.constraints).toEqual(['payload.size: size must be a number or a numeric string']);
  });
});

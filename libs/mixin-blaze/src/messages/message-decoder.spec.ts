import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import { BlazeMessage, ContactMessage, PostMessage, TextMessage, UnknownMessage } from './blaze-message.dto.js';
import { decodeMessageView, type DecodeOptions } from './message-decoder.js';
import { MessageDecodeError } from './message-decode.error.js';
import { SAMPLE_IDS as I, sampleMessageView, samplePayload, thrownBy } from '../testing/message-fixtures.js';

const decodeError = (view: unknown, options?: DecodeOptions) => thrownBy(MessageDecodeError, () => decodeMessageView(view, options));

describe('decodeMessageView: envelope', () => {
  it('maps the sample envelope of docs/protocol.md §3.4 to camelCase', () => {
    const msg = decodeMessageView(sampleMessageView('PLAIN_TEXT', undefined, { data: 'YWJj' }));
    expect(msg).toBeInstanceOf(TextMessage);
    expect(msg).toMatchObject({
      conversationId: I.conversationId,
      userId: I.userId,
      sessionId: I.sessionId,
      category: 'PLAIN_TEXT',
      status: 'SENT',
      source: 'CREATE_MESSAGE',
      silent: false,
      expireIn: 0,
      payload: 'abc',
    });
    expect(msg.createdAt).toEqual(new Date('2023-04-28T10:01:32.387Z'));
    expect(msg.updatedAt).toBeInstanceOf(Date);
    expect(msg.senderId).toBe(I.userId);
  });

  it('turns empty quote_message_id / representative_id into undefined', () => {
    const msg = decodeMessageView(sampleMessageView('PLAIN_TEXT'));
    expect(msg.quoteMessageId).toBeUndefined();
    expect(msg.representativeId).toBeUndefined();
  });

  it('uses representative_id as the sender when present', () => {
    const msg = decodeMessageView(
      sampleMessageView('PLAIN_TEXT', 'hi', { representative_id: I.opponentId, quote_message_id: I.otherMessageId }),
    );
    expect(msg.senderId).toBe(I.opponentId);
    expect(msg.quoteMessageId).toBe(I.otherMessageId);
  });

  it('reads PLAIN_POST as Markdown text', () => {
    const msg = decodeMessageView(sampleMessageView('PLAIN_POST'));
    expect(msg).toBeInstanceOf(PostMessage);
    expect(msg.payload).toMatch(/^# Weekly report/);
  });

  it.each([
    ['2023-04-28T10:01:32.387507123Z', '2023-04-28T10:01:32.387Z'],
    ['2023-04-28T10:01:32Z', '2023-04-28T10:01:32.000Z'],
    ['2023-04-28T12:01:32.5+02:00', '2023-04-28T10:01:32.500Z'],
  ])('parses created_at %s', (raw, iso) => {
    const msg = decodeMessageView(sampleMessageView('PLAIN_TEXT', 'x', { created_at: raw, updated_at: raw }));
    expect(msg.createdAt.toISOString()).toBe(iso);
    expect(msg.updatedAt?.toISOString()).toBe(iso);
  });

  it('accepts views without session_id, silent, expire_in, updated_at or source (older payloads)', () => {
    const view = sampleMessageView('PLAIN_TEXT', 'x');
    for (const k of ['session_id', 'silent', 'expire_in', 'updated_at', 'source', 'status', 'type']) delete view[k];
    expect(decodeMessageView(view).payload).toBe('x');
  });

  it.each([
    [{ message_id: 'nope' }, 'messageId: messageId must be a UUID'],
    [{ conversation_id: undefined }, 'conversationId: conversationId must be a UUID'],
    [{ user_id: 12 }, 'userId: userId must be a UUID'],
    [{ category: '' }, 'category: category should not be empty'],
    [{ created_at: 'yesterday' }, 'createdAt: createdAt must be a Date instance'],
    [{ created_at: undefined }, 'createdAt: createdAt must be a Date instance'],
    [{ silent: 'no' }, 'silent: silent must be a boolean value'],
    [{ representative_id: 'x' }, 'representativeId: representativeId must be a UUID'],
  ])('rejects envelope %o', (override, expected) => {
    const err = decodeError(sampleMessageView('PLAIN_TEXT', 'x', override));
    expect(err.stage).toBe('envelope');
    expect(err.constraints).toContain(expected);
  });

  it.each([null, 'text', 42, []])('rejects a non-object view %p', (view) => {
    expect(decodeError(view).stage).toBe('envelope');
  });

  it('mentions only paths and rule names in the error message', () => {
    const err = decodeError(sampleMessageView('PLAIN_TEXT', 'x', { message_id: 'nope' }));
    expect(err.message).toBe('Cannot decode message nope (PLAIN_TEXT): envelope failed at messageId [isUuid]');
  });
});

describe('decodeMessageView: payload bytes', () => {
  const json = JSON.stringify(samplePayload('PLAIN_CONTACT'));

  it('reads data_base64 (base64url, no padding) when data is absent or empty', () => {
    const url = Buffer.from('¿ok? ~~>', 'utf8').toString('base64url');
    expect(url).toMatch(/[-_]/);
    for (const data of [undefined, '']) {
      const msg = decodeMessageView(sampleMessageView('PLAIN_TEXT', 'x', { data, data_base64: url }));
      expect(msg.payload).toBe('¿ok? ~~>');
    }
  });

  it('prefers data over data_base64 and tolerates either alphabet in either field', () => {
    const bytes = Buffer.from('¿ok? ~~>', 'utf8');
    const cases = [
      { data: bytes.toString('base64url'), data_base64: 'ignored' },
      { data: undefined, data_base64: bytes.toString('base64') },
    ];
    for (const c of cases) expect(decodeMessageView(sampleMessageView('PLAIN_TEXT', 'x', c)).payload).toBe('¿ok? ~~>');
  });

  it('decodes JSON from data_base64', () => {
    const view = sampleMessageView('PLAIN_CONTACT', undefined, { data: undefined, data_base64: Buffer.from(json).toString('base64url') });
    expect(decodeMessageView(view)).toBeInstanceOf(ContactMessage);
  });

  it('gives "" for a text message with no data at all', () => {
    expect(decodeMessageView(sampleMessageView('PLAIN_TEXT', 'x', { data: undefined })).payload).toBe('');
  });

  it.each(['YWJj*', 'a', 'YW=Jj', 42])('rejects bad base64 %p', (data) => {
    const err = decodeError(sampleMessageView('PLAIN_TEXT', 'x', { data }));
    expect(err).toMatchObject({ stage: 'base64', messageId: I.messageId, category: 'PLAIN_TEXT' });
    expect(err.constraints).toEqual(['data: data must be base64 or base64url']);
  });

  it('rejects bad JSON without quoting it', () => {
    const err = decodeError(sampleMessageView('PLAIN_IMAGE', 'secret-token {'));
    expect(err).toMatchObject({ stage: 'json', category: 'PLAIN_IMAGE' });
    expect(err.constraints).toEqual(['payload: payload is not valid JSON']);
    expect(err.message).not.toContain('secret-token');
  });

  it('rejects JSON of the wrong shape', () => {
    expect(decodeError(sampleMessageView('PLAIN_IMAGE', [1])).constraints).toEqual(['payload: payload must be a JSON object']);
    expect(decodeError(sampleMessageView('APP_BUTTON_GROUP', { label: 'x' })).constraints).toEqual(['payload: payload must be an array']);
  });
});

describe('decodeMessageView: unknown categories', () => {
  it.each(['SIGNAL_KEY', 'PLAIN_JSON', 'WEBRTC_AUDIO_OFFER', 'SOMETHING_NEW'])('keeps %s as raw bytes', (category) => {
    const raw = Buffer.from([0, 1, 2, 250, 251]);
    const msg = decodeMessageView(sampleMessageView(category, raw));
    expect(msg).toBeInstanceOf(UnknownMessage);
    expect(msg.category).toBe(category);
    expect(msg.payload).toEqual(raw);
  });

  it('keeps ENCRYPTED_* as raw bytes when no decrypt function is given', () => {
    const msg = decodeMessageView(sampleMessageView('ENCRYPTED_TEXT', Buffer.from('ciphertext')));
    expect(msg).toBeInstanceOf(UnknownMessage);
    expect(msg.payload).toEqual(Buffer.from('ciphertext'));
  });
});

class Command {
  @IsString() cmd: string;
  @IsInt() @Min(1) count: number;
}

describe('decodeMessageView: payloadClass override', () => {
  it('parses PLAIN_TEXT JSON into the caller class (without @Expose)', () => {
    const msg = decodeMessageView(sampleMessageView('PLAIN_TEXT', '{"cmd":"roll","count":2}'), { payloadClass: Command });
    expect(msg).toBeInstanceOf(BlazeMessage);
    expect(msg).not.toBeInstanceOf(TextMessage);
    expect(msg.payload).toBeInstanceOf(Command);
    expect(msg.payload).toEqual(Object.assign(new Command(), { cmd: 'roll', count: 2 }));
  });

  it('validates the caller class', () => {
    const err = decodeError(sampleMessageView('PLAIN_TEXT', '{"cmd":"roll","count":0}'), { payloadClass: Command });
    expect(err.stage).toBe('validation');
    expect(err.constraints).toEqual(['payload.count: count must not be less than 1']);
  });

  it('reports non-JSON text at the json stage', () => {
    expect(decodeError(sampleMessageView('PLAIN_TEXT', 'roll 2'), { payloadClass: Command }).stage).toBe('json');
  });

  it('overrides a registered JSON category and accepts arrays element-wise', () => {
    const msg = decodeMessageView(sampleMessageView('PLAIN_DATA', [{ cmd: 'a', count: 1 }]), { payloadClass: Command });
    expect(msg.payload).toEqual([Object.assign(new Command(), { cmd: 'a', count: 1 })]);
  });

  it('rejects undecorated classes (forbidUnknownValues)', () => {
    class Loose {}
    const err = decodeError(sampleMessageView('PLAIN_TEXT', '{"a":1}'), { payloadClass: Loose });
    expect(err.stage).toBe('validation');
    expect(err.issues[0]?.rules).toEqual(['unknownValue']);
  });
});

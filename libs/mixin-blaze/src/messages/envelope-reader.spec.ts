import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BlazeMessage } from './blaze-message.dto.js';
import { readEnvelope } from './envelope-reader.js';
import { decodeMessageView } from './message-decoder.js';
import { sampleMessageView } from '../testing/message-fixtures.js';

// The decoder reads envelopes by hand for speed; the decorators on BlazeMessage stay the
// documented rules. This holds the two together: same fields, same verdicts, same messages.
const VARIANTS: Record<string, unknown>[] = [
  {},
  { message_id: 'nope' },
  { message_id: undefined, user_id: 12 },
  { conversation_id: null },
  { category: '' },
  { category: 7 },
  { category: undefined },
  { session_id: '' },
  { session_id: 'x' },
  { source: 3, status: null },
  { quote_message_id: '', representative_id: null },
  { representative_id: 'x', quote_message_id: 'y' },
  { silent: 'no' },
  { silent: null },
  { source: null, status: null, silent: null, expire_in: null, session_id: null, updated_at: null },
  { expire_in: -1 },
  { expire_in: 1.5 },
  { expire_in: '3' },
  { created_at: 'yesterday' },
  { created_at: undefined },
  { created_at: '2023-04-28T10:01:32.387507123Z', updated_at: '' },
  { updated_at: 'later' },
  { updated_at: '2023-04-28T12:01:32.5+02:00' },
];

function byDecorators(view: Record<string, unknown>) {
  const instance = plainToInstance(BlazeMessage, view, { excludeExtraneousValues: true });
  const errors = validateSync(instance, { forbidUnknownValues: true });
  const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`)).sort();
  return { instance, messages };
}

function byReader(view: Record<string, unknown>) {
  const instance = new BlazeMessage();
  const messages = readEnvelope(view, instance)
    .flatMap((i) => i.messages.map((m) => `${i.path}: ${m}`))
    .sort();
  return { instance, messages };
}

describe('readEnvelope agrees with the BlazeMessage decorators', () => {
  it.each(VARIANTS.map((v) => [JSON.stringify(v), v]))('%s', (_label, override) => {
    const view = sampleMessageView('PLAIN_TEXT', 'x', override as Record<string, unknown>);
    const expected = byDecorators(view);
    const actual = byReader(view);
    expect(actual.messages).toEqual(expected.messages);
    if (expected.messages.length === 0) {
      const { payload: _a, ...fromDecorators } = expected.instance;
      const { payload: _b, ...fromReader } = actual.instance;
      expect(JSON.parse(JSON.stringify(fromReader))).toEqual(JSON.parse(JSON.stringify(fromDecorators)));
    }
  });
});

// DART `BlazeMessageData` types these nullable; the DTO types say `?: T`, so null must not leak.
describe('optional envelope fields sent as null come out as undefined', () => {
  const NULLS = { source: null, status: null, silent: null, expire_in: null, session_id: null, quote_message_id: null, representative_id: null, updated_at: null };
  const FIELDS = ['source', 'status', 'silent', 'expireIn', 'sessionId', 'quoteMessageId', 'representativeId', 'updatedAt'] as const;

  it('in the reader, the decorators and decodeMessageView alike', () => {
    const view = sampleMessageView('PLAIN_TEXT', 'x', NULLS);
    const decoded = decodeMessageView(view);
    for (const message of [byReader(view).instance, byDecorators(view).instance, decoded]) {
      for (const field of FIELDS) expect([field, message[field]]).toEqual([field, undefined]);
    }
    expect(decoded.payload).toBe('x');
  });
});

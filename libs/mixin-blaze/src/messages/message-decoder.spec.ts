import 'reflect-metadata';
import { IsInt, IsString, Min } from 'class-validator';
import {
  AccountSnapshotMessage,
  AppButtonGroupMessage,
  AppCardMessage,
  AudioMessage,
  BlazeMessage,
  ContactMessage,
  DataMessage,
  ImageMessage,
  LiveMessage,
  LocationMessage,
  PinMessage,
  PostMessage,
  RecallMessage,
  SafeSnapshotMessage,
  StickerMessage,
  SystemConversationMessage,
  TextMessage,
  TranscriptMessage,
  UnknownMessage,
  VideoMessage,
  type BlazeMessageClass,
} from './blaze-message.dto.js';
import { decodeMessageView } from './message-decoder.js';
import { MessageDecodeError } from './message-decode.error.js';
import {
  AppButton,
  AppCardAction,
  AppCardCover,
  AppCardPayload,
  ContactPayload,
  ImagePayload,
  TranscriptItem,
} from './payloads/index.js';
import { SAMPLE_IDS as I, sampleMessageView, samplePayload } from '../testing/message-fixtures.js';

type Json = Record<string, any>;

/** Decodes and returns the thrown MessageDecodeError (fails the test if none). */
function decodeError(view: unknown, options?: Parameters<typeof decodeMessageView>[1]): MessageDecodeError {
  try {
    decodeMessageView(view, options);
  } catch (e) {
    expect(e).toBeInstanceOf(MessageDecodeError);
    return e as MessageDecodeError;
  }
  throw new Error('expected MessageDecodeError');
}

function withPayload(category: string, mutate: (p: any) => void): Json {
  const p = samplePayload(category);
  mutate(p);
  return sampleMessageView(category, p);
}

interface Case {
  category: string;
  cls: BlazeMessageClass;
  check: (payload: any) => void;
  /** Breaks one required field or type; `expected` is a substring of one constraint. */
  invalid: (payload: any) => void;
  expected: string;
}

const CASES: Case[] = [
  {
    category: 'PLAIN_IMAGE',
    cls: ImageMessage,
    check: (p) => {
      expect(p).toBeInstanceOf(ImagePayload);
      expect(p).toMatchObject({ attachmentId: I.attachmentId, mimeType: 'image/jpeg', width: 1024, height: 768, size: 183_204 });
      expect(p.createdAt).toBe('2023-04-28T10:01:30.123456Z');
    },
    // Numeric strings are read (DART JsonStringToInt); a word is not a size (Gson throws on it).
    invalid: (p) => (p.width = 'wide'),
    expected: 'payload.width: width must be a number or a numeric string',
  },
  {
    category: 'PLAIN_VIDEO',
    cls: VideoMessage,
    check: (p) => expect(p).toMatchObject({ attachmentId: I.attachmentId, mimeType: 'video/mp4', duration: 12_500 }),
    invalid: (p) => delete p.attachment_id,
    expected: 'payload.attachmentId: attachmentId must be a UUID',
  },
  {
    category: 'PLAIN_AUDIO',
    cls: AudioMessage,
    check: (p) => expect(p).toMatchObject({ mimeType: 'audio/ogg', duration: 3_200, waveform: expect.any(String) }),
    invalid: (p) => (p.attachment_id = 'not-a-uuid'),
    expected: 'payload.attachmentId: attachmentId must be a UUID',
  },
  {
    category: 'PLAIN_DATA',
    cls: DataMessage,
    check: (p) => expect(p).toMatchObject({ name: 'invoice-2023-04.pdf', mimeType: 'application/pdf', size: 92_016 }),
    invalid: (p) => (p.size = 'big'),
    expected: 'payload.size: size must be a number or a numeric string',
  },
  {
    category: 'PLAIN_STICKER',
    cls: StickerMessage,
    check: (p) => expect(p.stickerId).toBe(I.stickerId),
    invalid: (p) => (p.sticker_id = 42),
    expected: 'payload.stickerId: stickerId must be a UUID',
  },
  {
    category: 'PLAIN_CONTACT',
    cls: ContactMessage,
    check: (p) => expect(p.userId).toBe(I.opponentId),
    invalid: (p) => delete p.user_id,
    expected: 'payload.userId: userId must be a UUID',
  },
  {
    category: 'PLAIN_LOCATION',
    cls: LocationMessage,
    check: (p) => expect(p).toMatchObject({ longitude: 139.6917, latitude: 35.6895, name: 'Tokyo' }),
    invalid: (p) => (p.latitude = 'north'),
    expected: 'payload.latitude: latitude must be a number or a numeric string',
  },
  {
    category: 'PLAIN_LIVE',
    cls: LiveMessage,
    check: (p) => expect(p).toMatchObject({ thumbUrl: 'https://example.com/live/thumb.jpg', shareable: true, width: 1280 }),
    invalid: (p) => (p.shareable = 'yes'),
    expected: 'payload.shareable: shareable must be a boolean value',
  },
  {
    category: 'PLAIN_TRANSCRIPT',
    cls: TranscriptMessage,
    check: (p) => {
      expect(p).toHaveLength(2);
      expect(p[0]).toBeInstanceOf(TranscriptItem);
      expect(p[0]).toMatchObject({ transcriptId: I.messageId, userFullName: 'Alice', content: 'see you at 10' });
      expect(p[1]).toMatchObject({ mediaWidth: 640, mediaDuration: 0, mediaMimeType: 'image/jpeg' });
    },
    invalid: (p) => (p[1].media_size = 'big'),
    expected: 'payload[1].mediaSize: mediaSize must be a number or a numeric string',
  },
  {
    category: 'APP_CARD',
    cls: AppCardMessage,
    check: (p) => {
      expect(p).toBeInstanceOf(AppCardPayload);
      expect(p.cover).toBeInstanceOf(AppCardCover);
      expect(p.actions[0]).toBeInstanceOf(AppCardAction);
      expect(p).toMatchObject({ appId: I.appId, title: 'Order #1024', shareable: true, updatedAt: expect.any(String) });
      expect(p.cover).toMatchObject({ mimeType: 'image/png', width: 600 });
    },
    invalid: (p) => (p.cover.width = 'wide'),
    expected: 'payload.cover.width: width must be a number or a numeric string',
  },
  {
    category: 'APP_BUTTON_GROUP',
    cls: AppButtonGroupMessage,
    check: (p) => {
      expect(p[0]).toBeInstanceOf(AppButton);
      expect(p.map((b: AppButton) => b.label)).toEqual(['Yes', 'Open site']);
    },
    invalid: (p) => (p[1].label = 7),
    expected: 'payload[1].label: label must be a string',
  },
  {
    category: 'MESSAGE_RECALL',
    cls: RecallMessage,
    check: (p) => expect(p.messageId).toBe(I.otherMessageId),
    invalid: (p) => delete p.message_id,
    expected: 'payload.messageId: messageId must be a UUID',
  },
  {
    category: 'MESSAGE_PIN',
    cls: PinMessage,
    check: (p) => expect(p).toMatchObject({ action: 'PIN', messageIds: [I.otherMessageId] }),
    invalid: (p) => delete p.message_ids,
    expected: 'payload.messageIds: messageIds must be an array',
  },
  {
    category: 'SYSTEM_CONVERSATION',
    cls: SystemConversationMessage,
    check: (p) => expect(p).toMatchObject({ action: 'ADD', participantId: I.opponentId, userId: I.userId }),
    invalid: (p) => (p.expire_in = 'soon'),
    expected: 'payload.expireIn: expireIn must be a number or a numeric string',
  },
  {
    category: 'SYSTEM_SAFE_SNAPSHOT',
    cls: SafeSnapshotMessage,
    check: (p) => expect(p).toMatchObject({ snapshotId: I.snapshotId, amount: '0.01', assetId: I.assetId, traceId: I.traceId }),
    invalid: (p) => (p.amount = 'lots'),
    expected: 'payload.amount: amount must be a decimal number string',
  },
  {
    category: 'SYSTEM_SAFE_INSCRIPTION',
    cls: SafeSnapshotMessage,
    check: (p) => expect(p.inscriptionHash).toMatch(/^6f2a/),
    invalid: (p) => delete p.asset_id,
    expected: 'payload.assetId: assetId must be a UUID',
  },
  {
    category: 'SYSTEM_ACCOUNT_SNAPSHOT',
    cls: AccountSnapshotMessage,
    check: (p) => expect(p).toMatchObject({ opponentId: I.opponentId, amount: '-12.5', type: 'transfer' }),
    invalid: (p) => delete p.snapshot_id,
    expected: 'payload.snapshotId: snapshotId must be a UUID',
  },
];

describe('decodeMessageView: every modelled JSON category', () => {
  it.each(CASES)('$category decodes into its DTO', ({ category, cls, check }) => {
    const msg = decodeMessageView(sampleMessageView(category));
    expect(msg).toBeInstanceOf(cls);
    expect(msg.category).toBe(category);
    expect(msg.messageId).toBe(I.messageId);
    check(msg.payload);
  });

  it.each(CASES)('$category rejects an invalid payload', ({ category, invalid, expected }) => {
    const err = decodeError(withPayload(category, invalid));
    expect(err.stage).toBe('validation');
    expect(err.messageId).toBe(I.messageId);
    expect(err.category).toBe(category);
    expect(err.constraints).toContain(expected);
  });

  it.each(CASES)('$category never puts payload values in the error message', ({ category, invalid }) => {
    const view = withPayload(category, invalid);
    const err = decodeError(view);
    const secrets = Object.values(samplePayload(category) as object)
      .filter((v): v is string => typeof v === 'string' && v.length > 12 && !/^[0-9a-f-]{36}$/.test(v));
    for (const s of secrets) expect(err.message).not.toContain(s);
  });
});

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

describe('decodeMessageView: field spellings and leniency', () => {
  it('reads wave_form as waveform', () => {
    const msg = decodeMessageView(
      withPayload('PLAIN_AUDIO', (p) => {
        p.wave_form = p.waveform;
        delete p.waveform;
      }),
    );
    expect((msg as AudioMessage).payload.waveform).toBe((samplePayload('PLAIN_AUDIO') as Json).waveform);
  });

  it('reads counter_user_id as opponentId', () => {
    const msg = decodeMessageView(
      withPayload('SYSTEM_ACCOUNT_SNAPSHOT', (p) => {
        p.counter_user_id = I.userId;
        delete p.opponent_id;
      }),
    ) as AccountSnapshotMessage;
    expect(msg.payload.opponentId).toBe(I.userId);
  });

  it('accepts legacy stickers with name + album_id and rejects an empty sticker', () => {
    const legacy = decodeMessageView(sampleMessageView('PLAIN_STICKER', { name: 'wave', album_id: I.appId })) as StickerMessage;
    expect(legacy.payload).toMatchObject({ name: 'wave', albumId: I.appId, stickerId: undefined });
    expect(decodeError(sampleMessageView('PLAIN_STICKER', {})).constraints).toContain('payload.stickerId: stickerId must be a UUID');
  });

  it('accepts conversation-wide actions with an empty participant_id', () => {
    const msg = decodeMessageView(sampleMessageView('SYSTEM_CONVERSATION', { action: 'EXPIRE', participant_id: '', expire_in: 86400 }));
    expect(msg.payload).toMatchObject({ action: 'EXPIRE', participantId: '', expireIn: 86400 });
  });

  it('keeps fields the DTO does not know, under their wire names', () => {
    const msg = decodeMessageView(withPayload('PLAIN_CONTACT', (p) => (p.full_name = 'Alice'))) as ContactMessage;
    expect(msg.payload).toBeInstanceOf(ContactPayload);
    expect(msg.payload).toMatchObject({ userId: I.opponentId, full_name: 'Alice' });
  });

  // Android and Flutter draw any number of buttons with labels of any length; the 1..18 and
  // 36-character limits are for what a bot sends (see the sending tests).
  it('accepts APP_BUTTON_GROUP of any size and labels of any length', () => {
    const button = { label: 'b', color: '#000000', action: 'input:b' };
    expect(decodeMessageView(sampleMessageView('APP_BUTTON_GROUP', [])).payload).toEqual([]);
    expect(decodeMessageView(sampleMessageView('APP_BUTTON_GROUP', Array(19).fill(button))).payload).toHaveLength(19);
    const long = decodeMessageView(sampleMessageView('APP_BUTTON_GROUP', [{ ...button, label: 'x'.repeat(37) }])) as AppButtonGroupMessage;
    expect(long.payload[0]!.label).toHaveLength(37);
  });

  it('accepts ids that are not RFC 4122 v4', () => {
    const legacyId = '00000000-0000-0000-0000-000000000abc';
    const msg = decodeMessageView(sampleMessageView('PLAIN_CONTACT', { user_id: legacyId }, { user_id: legacyId }));
    expect(msg.userId).toBe(legacyId);
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

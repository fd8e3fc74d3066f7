import 'reflect-metadata';
import {
  AccountSnapshotMessage,
  AppButtonGroupMessage,
  AppCardMessage,
  AudioMessage,
  ContactMessage,
  DataMessage,
  ImageMessage,
  LiveMessage,
  LocationMessage,
  PinMessage,
  RecallMessage,
  SafeSnapshotMessage,
  StickerMessage,
  SystemConversationMessage,
  TranscriptMessage,
  VideoMessage,
  type BlazeMessageClass,
} from './blaze-message.dto.js';
import { decodeMessageView, type DecodeOptions } from './message-decoder.js';
import { MessageDecodeError } from './message-decode.error.js';
import { AppButton, AppCardAction, AppCardCover, AppCardPayload, ImagePayload, TranscriptItem } from './payloads/index.js';
import { SAMPLE_IDS as I, sampleMessageView, samplePayload, sampleViewWith, thrownBy } from '../testing/message-fixtures.js';

type Json = Record<string, any>;

const decodeError = (view: unknown, options?: DecodeOptions) => thrownBy(MessageDecodeError, () => decodeMessageView(view, options));
const withPayload = (category: string, mutate: (p: any) => void): Json => sampleViewWith(category, mutate);

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


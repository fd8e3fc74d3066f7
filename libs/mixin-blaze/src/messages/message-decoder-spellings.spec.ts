import 'reflect-metadata';
import {
  AccountSnapshotMessage,
  AppButtonGroupMessage,
  AudioMessage,
  ContactMessage,
  StickerMessage,
} from './blaze-message.dto.js';
import { decodeMessageView, type DecodeOptions } from './message-decoder.js';
import { MessageDecodeError } from './message-decode.error.js';
import { ContactPayload } from './payloads/index.js';
import { SAMPLE_IDS as I, sampleMessageView, samplePayload, sampleViewWith, thrownBy } from '../testing/message-fixtures.js';

type Json = Record<string, any>;

const decodeError = (view: unknown, options?: DecodeOptions) => thrownBy(MessageDecodeError, () => decodeMessageView(view, options));
const withPayload = (category: string, mutate: (p: any) => void): Json => sampleViewWith(category, mutate);

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

import 'reflect-metadata';
import { decodeMessageView } from '../messages/message-decoder.js';
import { sampleMessageView, SAMPLE_IDS as I } from '../testing/message-fixtures.js';
import { encodePayload } from './payload-encoder.js';

// Outgoing rules stay stricter than incoming ones where that protects users from sending what
// clients cannot draw (messages/payloads/directions.ts). These pin the difference down.
function encode(category: string, payload: unknown): { bytes?: Buffer; issues: string[] } {
  const issues: string[] = [];
  const bytes = encodePayload(category, payload, issues);
  return { bytes, issues };
}

describe('encodePayload: outgoing rules after the incoming ones were loosened', () => {
  it('refuses to send what it accepts on the way in: no app_id, a colour of "", sizes as strings', () => {
    const goCard = { title: 'Mixin', description: 'd', action: 'https://mixin.one', icon_url: 'https://mixin.one/i.png' };
    expect(decodeMessageView(sampleMessageView('APP_CARD', goCard)).payload).toMatchObject({ title: 'Mixin' });
    expect(encode('APP_CARD', goCard).issues).toEqual(['payload.appId: appId must be a UUID']);
    expect(encode('APP_BUTTON_GROUP', [{ label: 'Yes', action: 'input:yes', color: '' }]).issues).toEqual([
      'payload[0].color: color must be a #RRGGBB colour',
    ]);
    const dartImage = { attachment_id: I.attachmentId, mime_type: 'image/png', width: '2', height: 3, size: 4 };
    expect(encode('PLAIN_IMAGE', dartImage).issues).toContain('payload.width: width must be an integer number');
  });

  it('drops the extras a decoded payload keeps: what is sent is what was validated', () => {
    const wire = { user_id: I.opponentId, full_name: 'Alice' };
    const decoded = decodeMessageView(sampleMessageView('PLAIN_CONTACT', wire)).payload;
    expect(decoded).toMatchObject({ full_name: 'Alice' });
    const { bytes, issues } = encode('PLAIN_CONTACT', decoded);
    expect(issues).toEqual([]);
    expect(JSON.parse(bytes!.toString('utf8'))).toEqual({ user_id: I.opponentId });
  });

  it('sends a transcript media_duration as given (Flutter stores it as text), with no incoming conversion', () => {
    const item = { transcript_id: I.messageId, message_id: I.otherMessageId, category: 'PLAIN_VIDEO', created_at: '2024-01-01T00:00:00Z', media_duration: '30' };
    const { bytes, issues } = encode('PLAIN_TRANSCRIPT', [item]);
    expect(issues).toEqual([]);
    expect(JSON.parse(bytes!.toString('utf8'))).toEqual([item]);
  });
});

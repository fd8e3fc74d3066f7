/** What `test/sending-many.e2e-spec.ts` sends: one message per sendable category, and how it must arrive. */
import { randomUUID } from 'node:crypto';
import {
  AppButton,
  AppCardPayload,
  AudioPayload,
  ContactPayload,
  DataPayload,
  ImagePayload,
  LiveCardPayload,
  LocationPayload,
  RecallPayload,
  StickerPayload,
  TranscriptItem,
  VideoPayload,
} from 'nestjs-mixin-blaze';
import { type SentRecord } from 'nestjs-mixin-blaze/testing';

const id = () => randomUUID();
const ATTACHMENT = id();

/** Per sendable category: the payload as a class instance (camelCase), and the wire JSON both forms must produce. */
export interface Fixture {
  category: string;
  instance: string | object;
  wire: unknown;
}

export function fixtures(): Fixture[] {
  const image = { attachment_id: ATTACHMENT, mime_type: 'image/png', width: 640, height: 480, size: 1024, thumbnail: 'aGk' };
  const video = { attachment_id: ATTACHMENT, mime_type: 'video/mp4', width: 1280, height: 720, size: 9000, duration: 4500 };
  const audio = { attachment_id: ATTACHMENT, mime_type: 'audio/ogg', size: 300, duration: 1200, waveform: 'AAEC' };
  const data = { attachment_id: ATTACHMENT, mime_type: 'application/pdf', size: 77, name: 'report.pdf' };
  const sticker = { sticker_id: id() };
  const contact = { user_id: id() };
  const location = { longitude: 121.47, latitude: 31.23, name: 'Bund', address: 'Shanghai' };
  const live = { width: 1280, height: 720, thumb_url: 'https://example.com/t.jpg', url: 'https://example.com/live.m3u8', shareable: true };
  const transcriptId = id();
  const transcript = [
    { transcript_id: transcriptId, message_id: id(), category: 'PLAIN_TEXT', content: 'first', created_at: '2024-01-01T00:00:00Z' },
    { transcript_id: transcriptId, message_id: id(), category: 'PLAIN_IMAGE', media_width: 10, media_duration: '30', created_at: '2024-01-01T00:00:01Z' },
  ];
  const card = {
    app_id: id(),
    title: 'Weekly report',
    description: 'Tap to open',
    cover: { mime_type: 'image/jpeg', url: 'https://example.com/c.jpg', width: 300, height: 200 },
    actions: [{ label: 'Open', color: '#00AA00', action: 'https://example.com' }],
    shareable: true,
  };
  const buttons = [
    { label: 'Yes', color: '#00FF00', action: 'input:yes' },
    { label: 'No', color: '#FF0000', action: 'input:no' },
  ];
  const recall = { message_id: id() };
  return [
    { category: 'PLAIN_TEXT', instance: 'hello 👋', wire: 'hello 👋' },
    { category: 'PLAIN_POST', instance: '# Title\n\n**bold**', wire: '# Title\n\n**bold**' },
    {
      category: 'PLAIN_IMAGE',
      instance: Object.assign(new ImagePayload(), { attachmentId: ATTACHMENT, mimeType: 'image/png', width: 640, height: 480, size: 1024, thumbnail: 'aGk' }),
      wire: image,
    },
    {
      category: 'PLAIN_VIDEO',
      instance: Object.assign(new VideoPayload(), { attachmentId: ATTACHMENT, mimeType: 'video/mp4', width: 1280, height: 720, size: 9000, duration: 4500 }),
      wire: video,
    },
    {
      category: 'PLAIN_AUDIO',
      instance: Object.assign(new AudioPayload(), { attachmentId: ATTACHMENT, mimeType: 'audio/ogg', size: 300, duration: 1200, waveform: 'AAEC' }),
      wire: audio,
    },
    {
      category: 'PLAIN_DATA',
      instance: Object.assign(new DataPayload(), { attachmentId: ATTACHMENT, mimeType: 'application/pdf', size: 77, name: 'report.pdf' }),
      wire: data,
    },
    { category: 'PLAIN_STICKER', instance: Object.assign(new StickerPayload(), { stickerId: sticker.sticker_id }), wire: sticker },
    { category: 'PLAIN_CONTACT', instance: Object.assign(new ContactPayload(), { userId: contact.user_id }), wire: contact },
    { category: 'PLAIN_LOCATION', instance: Object.assign(new LocationPayload(), location), wire: location },
    {
      category: 'PLAIN_LIVE',
      instance: Object.assign(new LiveCardPayload(), { width: 1280, height: 720, thumbUrl: live.thumb_url, url: live.url, shareable: true }),
      wire: live,
    },
    {
      category: 'PLAIN_TRANSCRIPT',
      instance: [
        Object.assign(new TranscriptItem(), { transcriptId, messageId: transcript[0].message_id, category: 'PLAIN_TEXT', content: 'first', createdAt: transcript[0].created_at }),
        Object.assign(new TranscriptItem(), { transcriptId, messageId: transcript[1].message_id, category: 'PLAIN_IMAGE', mediaWidth: 10, mediaDuration: '30', createdAt: transcript[1].created_at }),
      ],
      wire: transcript,
    },
    {
      category: 'APP_CARD',
      // The nested cover and actions are plain camelCase objects: they get their classes on the way out.
      instance: Object.assign(new AppCardPayload(), {
        appId: card.app_id,
        title: card.title,
        description: card.description,
        cover: { mimeType: 'image/jpeg', url: card.cover.url, width: 300, height: 200 },
        actions: [{ label: 'Open', color: '#00AA00', action: 'https://example.com' }],
        shareable: true,
      }),
      wire: card,
    },
    { category: 'APP_BUTTON_GROUP', instance: buttons.map((b) => Object.assign(new AppButton(), b)), wire: buttons },
    { category: 'MESSAGE_RECALL', instance: Object.assign(new RecallPayload(), { messageId: recall.message_id }), wire: recall },
  ];
}

/** What arrived, decoded: text categories as the string, the rest as JSON. */
export function decoded(record: SentRecord | undefined): unknown {
  if (!record) return undefined;
  return record.category === 'PLAIN_TEXT' || record.category === 'PLAIN_POST' ? record.text : JSON.parse(record.text);
}

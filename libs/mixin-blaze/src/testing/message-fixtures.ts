import { MessageCategory as C, plainCategoryOf } from '../messages/categories.js';

/** Ids used by the samples; all are real-looking Mixin UUIDs (not all v4). */
export const SAMPLE_IDS = {
  conversationId: '534d23a7-9ee5-38a0-9769-0f20f83521f6',
  userId: '53bac64e-e1ff-408a-ad0e-aca20cdc68bd',
  sessionId: '6ab63de1-7483-497c-8916-35d1249ce9c0',
  messageId: 'f381aaa0-a462-4333-af10-e3f5bff7bec7',
  attachmentId: '9d1f2b3c-4e5a-4b6c-8d7e-0f1a2b3c4d5e',
  appId: '7404f2c1-8b5e-4c7d-9a3f-2e1d0c9b8a76',
  stickerId: '4f3c8e2a-1d5b-4a6c-9e7f-0b2c3d4e5f60',
  assetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
  opponentId: 'e8e8cd79-cd40-4796-8c54-3a13cfe50115',
  snapshotId: 'b2c1d0e9-f8a7-4b6c-95d4-e3f2a1b0c9d8',
  traceId: '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
  otherMessageId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
} as const;

const I = SAMPLE_IDS;
const TINY_JPEG = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=';

const SAMPLES: Record<string, () => unknown> = {
  [C.PLAIN_TEXT]: () => 'hello from the emulator',
  [C.PLAIN_POST]: () => '# Weekly report\n\n- **42** new users\n- see [dashboard](https://example.com)',
  [C.PLAIN_IMAGE]: () => ({
    attachment_id: I.attachmentId,
    mime_type: 'image/jpeg',
    width: 1024,
    height: 768,
    size: 183_204,
    thumbnail: TINY_JPEG,
    created_at: '2023-04-28T10:01:30.123456Z',
  }),
  [C.PLAIN_VIDEO]: () => ({
    attachment_id: I.attachmentId,
    mime_type: 'video/mp4',
    width: 1280,
    height: 720,
    size: 4_812_301,
    duration: 12_500,
    thumbnail: TINY_JPEG,
  }),
  [C.PLAIN_AUDIO]: () => ({
    attachment_id: I.attachmentId,
    mime_type: 'audio/ogg',
    size: 20_480,
    duration: 3_200,
    waveform: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
  }),
  [C.PLAIN_DATA]: () => ({
    attachment_id: I.attachmentId,
    mime_type: 'application/pdf',
    size: 92_016,
    name: 'invoice-2023-04.pdf',
  }),
  [C.PLAIN_STICKER]: () => ({ sticker_id: I.stickerId }),
  [C.PLAIN_CONTACT]: () => ({ user_id: I.opponentId }),
  [C.PLAIN_LOCATION]: () => ({ longitude: 139.6917, latitude: 35.6895, name: 'Tokyo', address: 'Shinjuku, Tokyo' }),
  [C.PLAIN_LIVE]: () => ({
    width: 1280,
    height: 720,
    thumb_url: 'https://example.com/live/thumb.jpg',
    url: 'https://example.com/live/stream.m3u8',
    shareable: true,
  }),
  [C.PLAIN_TRANSCRIPT]: () => [
    {
      transcript_id: I.messageId,
      message_id: I.otherMessageId,
      user_id: I.opponentId,
      user_full_name: 'Alice',
      category: 'PLAIN_TEXT',
      content: 'see you at 10',
      created_at: '2023-04-27T08:00:00.000000Z',
    },
    {
      transcript_id: I.messageId,
      message_id: '0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a',
      user_id: I.userId,
      user_full_name: 'Bob',
      category: 'PLAIN_IMAGE',
      media_url: 'https://example.com/a.jpg',
      media_mime_type: 'image/jpeg',
      media_width: 640,
      media_height: 480,
      media_size: 51_200,
      media_duration: 0,
      created_at: '2023-04-27T08:00:05.000000Z',
    },
  ],
  [C.APP_CARD]: () => ({
    app_id: I.appId,
    title: 'Order #1024',
    description: 'Your order has shipped',
    cover: { mime_type: 'image/png', url: 'https://example.com/cover.png', width: 600, height: 300, thumbnail: TINY_JPEG },
    actions: [{ label: 'Track', color: '#3D75E3', action: 'https://example.com/track/1024' }],
    shareable: true,
    updated_at: '2023-04-28T10:01:32.387507Z',
  }),
  [C.APP_BUTTON_GROUP]: () => [
    { label: 'Yes', color: '#46B8DA', action: 'input:yes' },
    { label: 'Open site', color: '#5CB85C', action: 'https://example.com' },
  ],
  [C.MESSAGE_RECALL]: () => ({ message_id: I.otherMessageId }),
  [C.MESSAGE_PIN]: () => ({ action: 'PIN', message_ids: [I.otherMessageId] }),
  [C.SYSTEM_CONVERSATION]: () => ({ action: 'ADD', participant_id: I.opponentId, user_id: I.userId }),
  [C.SYSTEM_SAFE_SNAPSHOT]: () => ({
    type: 'transaction',
    snapshot_id: I.snapshotId,
    user_id: I.userId,
    opponent_id: I.opponentId,
    transaction_hash: 'a3f1c6e2b7d84f09a1c2e3d4f5061728394a5b6c7d8e9f00112233445566778',
    asset_id: I.assetId,
    amount: '0.01',
    memo: 'coffee',
    created_at: '2023-04-28T10:01:32.387507Z',
    trace_id: I.traceId,
  }),
  [C.SYSTEM_SAFE_INSCRIPTION]: () => ({
    ...(SAMPLES[C.SYSTEM_SAFE_SNAPSHOT]!() as object),
    amount: '1',
    inscription_hash: '6f2a0b8c1d3e5f7a9b0c2d4e6f8a0b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f0a',
  }),
  [C.SYSTEM_ACCOUNT_SNAPSHOT]: () => ({
    type: 'transfer',
    snapshot_id: I.snapshotId,
    opponent_id: I.opponentId,
    asset_id: I.assetId,
    amount: '-12.5',
    trace_id: I.traceId,
    memo: 'refund',
    created_at: '2023-04-28T10:01:32.387507Z',
  }),
};

/**
 * A valid, wire-shaped (snake_case) payload for `category`: a string for text
 * categories, an object or array for JSON ones. ENCRYPTED_X returns the PLAIN_X
 * plaintext. Throws for categories without a model. Every call returns a fresh copy.
 */
export function samplePayload(category: string): unknown {
  const make = SAMPLES[category] ?? SAMPLES[plainCategoryOf(category)];
  if (make === undefined) throw new Error(`No sample payload for category ${category}`);
  return make();
}

/** The payload as MessageView `data` bytes: UTF-8 text or JSON. */
export function samplePayloadBytes(category: string, payload: unknown = samplePayload(category)): Buffer {
  return Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8');
}

/**
 * A MessageView (the `data` of a CREATE_MESSAGE frame) shaped like the docs/protocol.md §3.4
 * sample, carrying `payload` (default: {@link samplePayload}) base64-encoded in
 * `data`. `overrides` replaces or adds envelope fields.
 */
export function sampleMessageView(
  category: string,
  payload?: unknown,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const bytes = Buffer.isBuffer(payload) ? payload : samplePayloadBytes(category, payload ?? samplePayload(category));
  return {
    type: 'message',
    conversation_id: I.conversationId,
    user_id: I.userId,
    session_id: I.sessionId,
    message_id: I.messageId,
    category,
    data: bytes.toString('base64'),
    status: 'SENT',
    source: 'CREATE_MESSAGE',
    quote_message_id: '',
    representative_id: '',
    silent: false,
    expire_in: 0,
    created_at: '2023-04-28T10:01:32.387507Z',
    updated_at: '2023-04-28T10:01:32.387507Z',
    ...overrides,
  };
}

/** A sample view of `category` whose sample payload `mutate` changed first. */
export function sampleViewWith(category: string, mutate: (payload: any) => void): Record<string, unknown> {
  const payload = samplePayload(category);
  mutate(payload);
  return sampleMessageView(category, payload);
}

/** What `run` throws, which must be a `type`; throws when `run` returns or throws anything else. */
export function thrownBy<E extends Error>(type: abstract new (...args: any[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw new Error(`expected a ${type.name}, got ${error instanceof Error ? error.name : typeof error}`, { cause: error });
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}

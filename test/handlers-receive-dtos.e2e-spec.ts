import { Injectable } from '@nestjs/common';
import {
  AccountSnapshotMessage,
  AccountSnapshotPayload,
  AppButton,
  AppButtonGroupMessage,
  AppCardMessage,
  AppCardPayload,
  AudioMessage,
  AudioPayload,
  BlazeMessage,
  ContactMessage,
  ContactPayload,
  DataMessage,
  DataPayload,
  ImageMessage,
  ImagePayload,
  LiveCardPayload,
  LiveMessage,
  LocationMessage,
  LocationPayload,
  OnMessage,
  PinMessage,
  PinPayload,
  PostMessage,
  RecallMessage,
  RecallPayload,
  SafeSnapshotMessage,
  SafeSnapshotPayload,
  StickerMessage,
  StickerPayload,
  SystemConversationMessage,
  SystemConversationPayload,
  TextMessage,
  TranscriptItem,
  TranscriptMessage,
  VideoMessage,
  VideoPayload,
  type MixinCategory,
} from 'nestjs-mixin-blaze';
import { BlazeEmulator, samplePayload } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

type Case = [category: string, messageClass: Function, payloadClass: Function | 'string'];

// Every category of docs/protocol.md §5 that carries a payload, with the DTO class its handler must receive.
const CASES: Case[] = [
  ['PLAIN_TEXT', TextMessage, 'string'],
  ['PLAIN_POST', PostMessage, 'string'],
  ['PLAIN_IMAGE', ImageMessage, ImagePayload],
  ['PLAIN_VIDEO', VideoMessage, VideoPayload],
  ['PLAIN_AUDIO', AudioMessage, AudioPayload],
  ['PLAIN_DATA', DataMessage, DataPayload],
  ['PLAIN_STICKER', StickerMessage, StickerPayload],
  ['PLAIN_CONTACT', ContactMessage, ContactPayload],
  ['PLAIN_LIVE', LiveMessage, LiveCardPayload],
  ['PLAIN_LOCATION', LocationMessage, LocationPayload],
  ['PLAIN_TRANSCRIPT', TranscriptMessage, TranscriptItem],
  ['APP_CARD', AppCardMessage, AppCardPayload],
  ['APP_BUTTON_GROUP', AppButtonGroupMessage, AppButton],
  ['MESSAGE_RECALL', RecallMessage, RecallPayload],
  ['MESSAGE_PIN', PinMessage, PinPayload],
  ['SYSTEM_CONVERSATION', SystemConversationMessage, SystemConversationPayload],
  ['SYSTEM_ACCOUNT_SNAPSHOT', AccountSnapshotMessage, AccountSnapshotPayload],
  ['SYSTEM_SAFE_SNAPSHOT', SafeSnapshotMessage, SafeSnapshotPayload],
  ['SYSTEM_SAFE_INSCRIPTION', SafeSnapshotMessage, SafeSnapshotPayload],
];

@Injectable()
class RecordingHandler {
  readonly received = new Map<string, BlazeMessage>();

  @OnMessage(CASES.slice(0, 10).map(([c]) => c as MixinCategory))
  @OnMessage(CASES.slice(10).map(([c]) => c as MixinCategory))
  onAny(message: BlazeMessage): void {
    this.received.set(message.messageId, message);
  }
}

describe('handlers receive validated DTO instances', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
    bot = await startBot(emu, [RecordingHandler]);
  });
  afterAll(async () => {
    await bot.close();
    await emu.close();
  });

  it.each(CASES)('%s arrives as %p with a typed payload', async (category, messageClass, payloadClass) => {
    const view = emu.userSends({ category, payload: samplePayload(category) as object });
    await emu.waitForAck(view.message_id, 5_000);
    const message = bot.app.get(RecordingHandler).received.get(view.message_id)!;

    expect(message).toBeInstanceOf(messageClass);
    expect(message).toMatchObject({
      messageId: view.message_id,
      conversationId: view.conversation_id,
      userId: view.user_id,
      category,
      sessionId: view.session_id,
      status: 'SENT',
    });
    expect(message.createdAt).toBeInstanceOf(Date);
    expect(message.createdAt.toISOString()).toBe(new Date(view.created_at).toISOString());
    const items = Array.isArray(message.payload) ? message.payload : [message.payload];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      if (payloadClass === 'string') expect(item).toBe(samplePayload(category));
      else expect(item).toBeInstanceOf(payloadClass);
    }
  });

  it('maps snake_case wire fields to camelCase payload properties', async () => {
    const view = emu.userSends({ category: 'PLAIN_IMAGE', payload: samplePayload('PLAIN_IMAGE') as object });
    await emu.waitForAck(view.message_id, 5_000);
    const message = bot.app.get(RecordingHandler).received.get(view.message_id) as ImageMessage;
    const wire = samplePayload('PLAIN_IMAGE') as Record<string, unknown>;
    expect(message.payload.attachmentId).toBe(wire.attachment_id);
    expect(message.payload.mimeType).toBe(wire.mime_type);
    expect(message.payload.width).toBe(wire.width);
  });

  it('decodes data_base64 (base64url) when data is absent', async () => {
    const view = emu.userSends({ category: 'PLAIN_TEXT', payload: 'ÿ?>~ url-safe', encoding: 'data_base64' });
    await emu.waitForAck(view.message_id, 5_000);
    expect(view.data).toBeUndefined();
    expect(bot.app.get(RecordingHandler).received.get(view.message_id)?.payload).toBe('ÿ?>~ url-safe');
  });
});

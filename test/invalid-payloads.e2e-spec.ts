import { Injectable } from '@nestjs/common';
import { OnMessage, type ImageMessage, type InvalidMessageInfo } from 'nestjs-mixin-blaze';
import { BlazeEmulator, samplePayload } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

@Injectable()
class ImageHandler {
  readonly received: string[] = [];

  @OnMessage('PLAIN_IMAGE')
  onImage(message: ImageMessage): void {
    this.received.push(message.messageId);
  }
}

describe('invalid payloads', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;
  const hooked: InvalidMessageInfo[] = [];

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
    bot = await startBot(emu, [ImageHandler], { onInvalidMessage: (info) => void hooked.push(info) });
  });
  afterAll(async () => {
    await bot.close();
    await emu.close();
  });

  it.each([
    ['a field of the wrong type', { ...(samplePayload('PLAIN_IMAGE') as object), width: 'wide' }, 'validation', 'width'],
    ['a missing required field', { mime_type: 'image/png' }, 'validation', 'attachment'],
    ['bytes that are not JSON', Buffer.from('not json {'), 'json', ''],
  ])('%s: acked, logged with id and category, hook called, handler never called', async (_label, payload, stage, field) => {
    const view = emu.userSends({ category: 'PLAIN_IMAGE', payload: payload as object });
    await emu.waitForAck(view.message_id, 5_000);

    expect(bot.app.get(ImageHandler).received).not.toContain(view.message_id);
    const errors = bot.logs.find('error', `dead letter ${view.message_id}: invalid PLAIN_IMAGE message`, field);
    expect(errors).toHaveLength(1);
    const info = hooked.find((h) => h.messageId === view.message_id);
    expect(info).toMatchObject({ messageId: view.message_id, category: 'PLAIN_IMAGE' });
    expect(info!.error.stage).toBe(stage);
  });

  it('an envelope with a bad message field is acked and never reaches the handler', async () => {
    const view = emu.userSends({ category: 'PLAIN_IMAGE', payload: samplePayload('PLAIN_IMAGE') as object, raw: { created_at: 'yesterday' } });
    await emu.waitForAck(view.message_id, 5_000);
    expect(bot.app.get(ImageHandler).received).not.toContain(view.message_id);
    expect(bot.logs.find('error', view.message_id, 'envelope failed')).toHaveLength(1);
  });

  it('a valid message after the invalid ones is handled', async () => {
    const view = emu.userSends({ category: 'PLAIN_IMAGE', payload: samplePayload('PLAIN_IMAGE') as object });
    await emu.waitForAck(view.message_id, 5_000);
    expect(bot.app.get(ImageHandler).received).toContain(view.message_id);
  });
});

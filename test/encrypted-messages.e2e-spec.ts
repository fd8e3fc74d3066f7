import { Injectable } from '@nestjs/common';
import { ImagePayload, OnMessage, type BlazeMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator, samplePayload, encryptMessageData, x25519PublicKeyFromSeed } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

@Injectable()
class EncryptedHandler {
  readonly received = new Map<string, BlazeMessage>();

  @OnMessage(['ENCRYPTED_TEXT', 'ENCRYPTED_IMAGE'])
  on(message: BlazeMessage): void {
    this.received.set(message.messageId, message);
  }
}

describe('ENCRYPTED_* messages', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;
  let seal: (plaintext: string) => Buffer;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
    const botKey = x25519PublicKeyFromSeed(Buffer.from(emu.keystore.session_private_key, 'hex'));
    seal = (plaintext) =>
      encryptMessageData(Buffer.from(plaintext), [
        { sessionId: crypto.randomUUID(), x25519PublicKey: x25519PublicKeyFromSeed(Buffer.alloc(32, 7)) },
        { sessionId: emu.keystore.session_id, x25519PublicKey: botKey },
      ]);
    bot = await startBot(emu, [EncryptedHandler]);
  });
  afterAll(async () => {
    await bot.close();
    await emu.close();
  });

  it('are decrypted with the session key and typed like their PLAIN_* twin', async () => {
    const text = emu.userSends({ category: 'ENCRYPTED_TEXT', payload: seal('for your eyes only') });
    const image = emu.userSends({ category: 'ENCRYPTED_IMAGE', payload: seal(JSON.stringify(samplePayload('PLAIN_IMAGE'))) });
    await emu.waitForAcks([text.message_id, image.message_id], 5_000);
    const received = bot.app.get(EncryptedHandler).received;
    expect(received.get(text.message_id)).toMatchObject({ category: 'ENCRYPTED_TEXT', payload: 'for your eyes only' });
    expect(received.get(image.message_id)?.payload).toBeInstanceOf(ImagePayload);
  });

  it('one that cannot be decrypted is logged, acked and never reaches the handler', async () => {
    const view = emu.userSends({ category: 'ENCRYPTED_TEXT', payload: Buffer.from('not really encrypted') });
    await emu.waitForAck(view.message_id, 5_000);
    expect(bot.app.get(EncryptedHandler).received.has(view.message_id)).toBe(false);
    expect(bot.logs.find('error', view.message_id, 'decrypt')).toHaveLength(1);
    expect(bot.logs.lines.map((l) => l.text).join('\n')).not.toContain('not really encrypted');
  });
});

import { Injectable } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import { OnMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

@Injectable()
class TextHandler {
  readonly received: string[] = [];

  @OnMessage('PLAIN_TEXT')
  onText(message: TextMessage): void {
    this.received.push(message.payload);
  }
}

describe('malformed frames from the server', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
    bot = await startBot(emu, [TextHandler], { maxFrameBytes: 64 * 1024, maxInflatedFrameBytes: 256 * 1024 });
    await emu.waitFor(() => bot.blaze.state === 'open', 5_000, 'open');
  });
  afterAll(async () => {
    await bot.close();
    await emu.close();
  });

  it('are logged and dropped; the connection and the messages around them carry on', async () => {
    const before = emu.userSendsText('before');
    await emu.waitForAck(before.message_id, 5_000);

    emu.pushRawFrame(Buffer.from('definitely not gzip'), { gzip: false });
    emu.pushRawFrame('a text frame', { binary: false, gzip: false });
    emu.pushRawFrame(gzipSync('{"action": '), { gzip: false });
    emu.pushRawFrame(gzipSync(Buffer.alloc(1024 * 1024, 0x20)), { gzip: false }); // inflates past the limit
    emu.pushRawFrame({ id: crypto.randomUUID(), action: 'CREATE_MESSAGE' }); // no data
    emu.pushRawFrame({ id: crypto.randomUUID(), action: 'CREATE_MESSAGE', data: { category: 'PLAIN_TEXT' } }); // no message_id

    const after = emu.userSendsText('after');
    await emu.waitForAck(after.message_id, 5_000);
    expect(bot.app.get(TextHandler).received).toEqual(['before', 'after']);
    expect(emu.connections).toBe(1);
    for (const reason of ['not-gzip', 'text frame', 'not-json', 'inflated-too-large', 'without data', 'whose message_id is not a UUID']) {
      expect(bot.logs.find('warn', reason)).toHaveLength(1);
    }
  });
});

import { Injectable } from '@nestjs/common';
import { OnMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

@Injectable()
class TextHandler {
  readonly sources = new Map<string, string | undefined>();

  @OnMessage('PLAIN_TEXT')
  onText(message: TextMessage): void {
    this.sources.set(message.payload, message.source);
  }
}

describe('pending messages and tokens', () => {
  let emu: BlazeEmulator;
  let bot: BotApp;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
  });
  afterAll(async () => {
    await bot?.close();
    await emu.close();
  });

  it('delivers the backlog after LIST_PENDING_MESSAGES, then live messages', async () => {
    const backlog = ['one', 'two', 'three'].map((text) => emu.userSendsText(text).message_id);
    bot = await startBot(emu, [TextHandler]);
    await emu.waitForAcks(backlog, 5_000);
    const live = emu.userSendsText('live').message_id;
    await emu.waitForAck(live, 5_000);

    const sources = bot.app.get(TextHandler).sources;
    expect(sources.get('one')).toBe('LIST_PENDING_MESSAGES');
    expect(sources.get('three')).toBe('LIST_PENDING_MESSAGES');
    expect(sources.get('live')).toBe('CREATE_MESSAGE');
    expect(emu.pending()).toEqual([]);
  });

  it('signs every connect and request with a token the emulator verified', async () => {
    const upgrade = emu.tokens.filter((t) => t.method === 'GET' && t.path === '/');
    const acks = emu.tokens.filter((t) => t.method === 'POST' && t.path === '/acknowledgements');
    expect(upgrade.length).toBeGreaterThan(0);
    expect(acks.length).toBeGreaterThan(0);
    for (const token of emu.tokens) {
      expect(token).toMatchObject({ valid: true });
      expect(token.claims).toMatchObject({ uid: emu.keystore.app_id, sid: emu.keystore.session_id, scp: 'FULL' });
    }
    const jtis = emu.tokens.map((t) => t.claims!.jti);
    expect(new Set(jtis).size).toBe(jtis.length);
  });

  it('never logs the private key or a token', () => {
    const text = bot.logs.lines.map((l) => l.text).join('\n');
    expect(text).not.toContain(emu.keystore.session_private_key);
    expect(text).not.toMatch(/Bearer|eyJ[\w-]+\.eyJ/);
  });
});

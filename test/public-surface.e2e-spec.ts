import { Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import * as api from 'nestjs-mixin-blaze';
import { BlazeContext, MixinBlazeError, OnMessage, type TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { startBot } from './support/bot-app.js';

describe('the public surface', () => {
  it('exports no decoder internals', () => {
    for (const internal of ['parseRfc3339', 'payloadSpecFor', 'modelledCategories', 'decodeMessageView', 'x25519PrivateKeyFromSeed', 'createMessageDecryptor', 'IsMixinId', 'FrameDecodeError', 'HttpTransportError']) {
      expect([internal, internal in api]).toEqual([internal, false]);
    }
  });

  it('exports the health indicator, and no observability internals', () => {
    expect(typeof api.MixinBlazeHealthIndicator).toBe('function');
    for (const internal of ['BlazeProbe', 'MetricsObserver', 'TraceObserver', 'BLAZE_TELEMETRY', 'createTelemetry', 'BlazeMetricSet', 'ProblemLog']) {
      expect([internal, internal in api]).toEqual([internal, false]);
    }
  });

  it('every exported error class extends MixinBlazeError', () => {
    const errors = Object.entries(api).filter(([name, value]) => typeof value === 'function' && name.endsWith('Error'));
    expect(errors.length).toBeGreaterThanOrEqual(10);
    for (const [name, ErrorClass] of errors) {
      expect([name, ErrorClass === MixinBlazeError || (ErrorClass as { prototype: unknown }).prototype instanceof MixinBlazeError]).toEqual([name, true]);
    }
  });

  it('BlazeContext.from(host) gives guards the message being handled, and refuses other hosts', async () => {
    const seen: string[] = [];
    @Injectable()
    class OnlyHello implements CanActivate {
      canActivate(context: ExecutionContext): boolean {
        const ctx = BlazeContext.from(context);
        seen.push(`${ctx.category}:${ctx.attempt}`);
        return (ctx.message as TextMessage).payload === 'hello';
      }
    }
    @Injectable()
    class Greeter {
      readonly greeted: string[] = [];
      @OnMessage('PLAIN_TEXT')
      @UseGuards(OnlyHello)
      onText(message: TextMessage): void {
        this.greeted.push(message.payload);
      }
    }
    const emu = await BlazeEmulator.start();
    const bot = await startBot(emu, [Greeter]);
    try {
      const ids = ['hello', 'bye'].map((text) => emu.userSendsText(text, { conversationId: crypto.randomUUID() }).message_id);
      await emu.waitForAcks(ids, 5_000);
      expect(bot.app.get(Greeter).greeted).toEqual(['hello']);
      expect(seen.sort()).toEqual(['PLAIN_TEXT:1', 'PLAIN_TEXT:1']);
      const http = { getType: () => 'http', getArgByIndex: () => undefined };
      expect(() => BlazeContext.from(http as never)).toThrow(/needs the host of an @OnMessage handler, not of a http one/);
    } finally {
      await bot.close();
      await emu.close();
    }
  });
});

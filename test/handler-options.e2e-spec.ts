import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsIn, IsInt, Min } from 'class-validator';
import { BlazeConnectionError, MixinBlazeModule, OnMessage, type BlazeMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { startBot, type BotApp } from './support/bot-app.js';

class TipCommand {
  @IsIn(['tip'])
  command!: string;

  @IsInt()
  @Min(1)
  amount!: number;
}

@Injectable()
class CommandBot {
  readonly commands: TipCommand[] = [];
  readonly caughtByStar: string[] = [];

  @OnMessage('PLAIN_TEXT', { dto: TipCommand })
  onCommand(message: BlazeMessage<TipCommand>): void {
    this.commands.push(message.payload);
  }

  @OnMessage('*')
  onAnything(message: BlazeMessage): void {
    this.caughtByStar.push(message.category);
  }
}

describe('handler options', () => {
  let emu: BlazeEmulator;
  let bot: BotApp | undefined;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    emu.faults.clear();
    await bot?.close();
    bot = undefined;
  });
  afterAll(async () => {
    await emu.close();
  });

  it('{ dto } validates a JSON command sent as text into your class; a bad one never reaches the handler', async () => {
    bot = await startBot(emu, [CommandBot]);
    const good = emu.userSendsText(JSON.stringify({ command: 'tip', amount: 5 }));
    const bad = emu.userSendsText(JSON.stringify({ command: 'tip', amount: 0 }));
    await emu.waitForAcks([good.message_id, bad.message_id], 5_000);
    const { commands } = bot.app.get(CommandBot);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(TipCommand);
    expect(commands[0].amount).toBe(5);
    expect(bot.logs.find('error', `dead letter ${bad.message_id}`, 'amount')).toHaveLength(1);
  });

  it("'*' receives categories that have no handler of their own", async () => {
    bot = await startBot(emu, [CommandBot]);
    const view = emu.userSends({ category: 'PLAIN_CONTACT', payload: { user_id: crypto.randomUUID() } });
    await emu.waitForAck(view.message_id, 5_000);
    expect(bot.app.get(CommandBot).caughtByStar).toEqual(['PLAIN_CONTACT']);
  });

  it('two handlers for one category fail startup, naming both', async () => {
    @Injectable()
    class Other {
      @OnMessage('PLAIN_TEXT')
      onText(): void {}
    }
    @Module({ imports: [MixinBlazeModule.forRoot({ ...emu.moduleOptions(), autoConnect: false })], providers: [CommandBot, Other] })
    class Clash {}
    const moduleRef = await Test.createTestingModule({ imports: [Clash] }).compile();
    await expect(moduleRef.init()).rejects.toThrow(/"PLAIN_TEXT": CommandBot.onCommand and Other.onText/);
    await moduleRef.close();
  });

  it("ackTransport 'socket' acknowledges with ACKNOWLEDGE_MESSAGE_RECEIPT frames", async () => {
    bot = await startBot(emu, [CommandBot], { ackTransport: 'socket' });
    const view = emu.userSends({ category: 'PLAIN_CONTACT', payload: { user_id: crypto.randomUUID() } });
    const ack = await emu.waitForAck(view.message_id, 5_000);
    expect(ack).toMatchObject({ via: 'socket', status: 'READ' });
  });

  it('a failing acknowledgements endpoint is retried until the ack lands', async () => {
    bot = await startBot(emu, [CommandBot]);
    emu.faults.failAcks({ status: 503, count: 3 });
    const view = emu.userSends({ category: 'PLAIN_CONTACT', payload: { user_id: crypto.randomUUID() } });
    await emu.waitForAck(view.message_id, 5_000);
    expect(emu.refusals.filter((r) => r.kind === 'ack')).toHaveLength(3);
    expect(bot.logs.find('warn', 'acknowledging 1 messages failed')).toHaveLength(3);
  });

  it('a socket request whose reply never comes times out with a typed error', async () => {
    bot = await startBot(emu, [], { requestTimeoutMs: 200 });
    await emu.waitFor(() => bot!.blaze.state === 'open', 5_000, 'open');
    emu.faults.failSends({ mode: 'hang', count: 1 });
    const failure = bot.blaze.sendText(crypto.randomUUID(), 'into the void');
    await expect(failure).rejects.toBeInstanceOf(BlazeConnectionError);
    await failure.catch((err: BlazeConnectionError) => expect(err.reason).toBe('timeout'));
  });
});

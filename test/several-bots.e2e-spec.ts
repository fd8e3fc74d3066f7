import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  InjectMixinBlaze,
  MixinBlazeModule,
  MixinBlazeService,
  OnDeadLetter,
  OnMessage,
  unlistedCategory,
  type DeadLetter,
  type ImageMessage,
  type TextMessage,
  type UnknownMessage,
} from 'nestjs-mixin-blaze';
import { BlazeEmulator, useEmulator } from 'nestjs-mixin-blaze/testing';
import { FAST_OPTIONS } from './support/bot-app.js';
import { CaptureLogger } from './support/capture-logger.js';

/** One handler class per bot, on the same category, replying from its own bot's service. */
function botFeature(bot: 'support' | 'sales') {
  @Injectable()
  class Handler {
    readonly handled: string[] = [];
    readonly deadLetters: string[] = [];
    constructor(@InjectMixinBlaze(bot) readonly blaze: MixinBlazeService) {}

    @OnMessage('PLAIN_TEXT', { bot, retry: { attempts: 1 } })
    async onText(message: TextMessage): Promise<void> {
      if (message.payload === 'fail') throw new Error(`${bot} fails`);
      this.handled.push(message.messageId);
      await this.blaze.sendText(message.conversationId, `${bot} here`);
    }

    @OnDeadLetter({ bot })
    onDeadLetter(letter: DeadLetter): void {
      this.deadLetters.push(letter.messageId);
    }
  }
  return Handler;
}

const SupportHandler = botFeature('support');
const SalesHandler = botFeature('sales');

describe('several bots in one app', () => {
  let support: BlazeEmulator;
  let sales: BlazeEmulator;
  let app: INestApplicationContext;

  beforeAll(async () => {
    [support, sales] = await Promise.all([BlazeEmulator.start(), BlazeEmulator.start()]);
    // Two feature modules, each with its own bot, as an app would have them.
    @Module({ imports: [MixinBlazeModule.forRoot({ name: 'support', ...support.moduleOptions(), ...FAST_OPTIONS, isGlobal: false })], providers: [SupportHandler] })
    class SupportModule {}
    @Module({ imports: [MixinBlazeModule.forRoot({ name: 'sales', ...sales.moduleOptions(), ...FAST_OPTIONS, isGlobal: false })], providers: [SalesHandler] })
    class SalesModule {}
    @Module({ imports: [SupportModule, SalesModule] })
    class AppModule {}
    app = await (await Test.createTestingModule({ imports: [AppModule] }).setLogger(new CaptureLogger()).compile()).init();
    await support.waitFor(() => app.get(SupportHandler).blaze.state === 'open' && app.get(SalesHandler).blaze.state === 'open', 5_000, 'both bots open');
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([support?.close(), sales?.close()]);
  });

  it('each bot handles only its own messages, the same category in both, and replies and acks from its own session', async () => {
    const toSupport = support.userSendsText('hello support');
    const toSales = sales.userSendsText('hello sales');
    await Promise.all([support.waitForAck(toSupport.message_id, 5_000), sales.waitForAck(toSales.message_id, 5_000)]);
    const [supportReply, salesReply] = await Promise.all([
      support.waitForReply(toSupport.conversation_id, 5_000),
      sales.waitForReply(toSales.conversation_id, 5_000),
    ]);
    expect(app.get(SupportHandler).handled).toEqual([toSupport.message_id]);
    expect(app.get(SalesHandler).handled).toEqual([toSales.message_id]);
    expect([supportReply.text, salesReply.text]).toEqual(['support here', 'sales here']);
    // Each emulator saw only its own bot's session, in every token (connect, acks, sends).
    expect(new Set(support.tokens.map((t) => t.claims?.sid))).toEqual(new Set([support.keystore.session_id]));
    expect(new Set(sales.tokens.map((t) => t.claims?.sid))).toEqual(new Set([sales.keystore.session_id]));
    expect(support.sent.every((s) => s.conversationId === toSupport.conversation_id)).toBe(true);
    expect(sales.sent.every((s) => s.conversationId === toSales.conversation_id)).toBe(true);
  });

  it('dead letters, state and stats are per bot', async () => {
    const failing = sales.userSendsText('fail');
    await sales.waitForAck(failing.message_id, 5_000);
    expect(app.get(SalesHandler).deadLetters).toEqual([failing.message_id]);
    expect(app.get(SupportHandler).deadLetters).toEqual([]);
    const supportService = app.get(SupportHandler).blaze;
    const salesService = app.get(SalesHandler).blaze;
    expect(supportService).not.toBe(salesService);
    expect([supportService.appId, salesService.appId]).toEqual([support.keystore.app_id, sales.keystore.app_id]);
    expect(salesService.stats().buffered).toBe(0);
  });
});

describe('startup checks for bots and categories', () => {
  let emu: BlazeEmulator;
  beforeAll(async () => {
    emu = await BlazeEmulator.start();
  });
  afterAll(() => emu.close());

  const compile = (root: new () => object) => Test.createTestingModule({ imports: [root] }).setLogger(new CaptureLogger()).compile();

  it('two unnamed forRoot imports fail startup, saying to name each bot', async () => {
    @Injectable()
    class Echo {
      @OnMessage('PLAIN_TEXT') onText(_m: TextMessage): void {}
    }
    @Module({ imports: [MixinBlazeModule.forRoot({ ...emu.moduleOptions(), isGlobal: false })], providers: [Echo] })
    class A {}
    @Module({ imports: [MixinBlazeModule.forRoot({ ...emu.moduleOptions(), isGlobal: false })] })
    class B {}
    @Module({ imports: [A, B] })
    class Root {}
    await expect(compile(Root).then((m) => m.init())).rejects.toThrow(/give each bot its own name, e\.g\. forRoot\(\{ name: 'support'/);
  });

  it('a handler for a bot that no forRoot declares fails startup', async () => {
    @Injectable()
    class Lost {
      @OnMessage('PLAIN_TEXT', { bot: 'nobody' }) onText(_m: TextMessage): void {}
    }
    @Module({ imports: [MixinBlazeModule.forRoot(emu.moduleOptions())], providers: [Lost] })
    class Root {}
    await expect(compile(Root).then((m) => m.init())).rejects.toThrow(/is for bot "nobody", but no MixinBlazeModule\.forRoot\(\{ name: 'nobody'/);
  });

  it('a category that is not listed fails startup naming the nearest one; unlistedCategory() lets a new one through', async () => {
    @Injectable()
    class Typo {
      // A string that slips past the types, as from plain JavaScript.
      @OnMessage('PLAIN_TXT' as 'PLAIN_TEXT') onText(_m: TextMessage): void {}
    }
    @Module({ imports: [MixinBlazeModule.forRoot(emu.moduleOptions())], providers: [Typo] })
    class Root {}
    await expect(compile(Root).then((m) => m.init())).rejects.toThrow(/unknown category "PLAIN_TXT": did you mean "PLAIN_TEXT"\?.*unlistedCategory\('PLAIN_TXT'\)/);

    @Injectable()
    class Future {
      readonly seen: string[] = [];
      @OnMessage(unlistedCategory('PLAIN_HOLOGRAM')) onHologram(m: UnknownMessage): void {
        this.seen.push(m.payload.toString('utf8'));
      }
    }
    @Module({ imports: [MixinBlazeModule.forRoot({ ...emu.moduleOptions(), ...FAST_OPTIONS })], providers: [Future] })
    class FutureRoot {}
    const app = await (await compile(FutureRoot)).init();
    try {
      const view = emu.userSends({ category: 'PLAIN_HOLOGRAM', payload: 'beam me' });
      await emu.waitForAck(view.message_id, 5_000);
      expect(app.get(Future).seen).toEqual(['beam me']);
    } finally {
      await app.close();
    }
  });
});

describe('testing a real bot module against the emulator', () => {
  it('useEmulator points the module, as configured for production, at the emulator, keeping its other options', async () => {
    const emu = await BlazeEmulator.start();
    const invalid: string[] = [];
    @Injectable()
    class Echo {
      constructor(private readonly blaze: MixinBlazeService) {}
      @OnMessage('PLAIN_TEXT') async onText(m: TextMessage): Promise<void> {
        await this.blaze.sendText(m.conversationId, `echo: ${m.payload}`);
      }
      @OnMessage('PLAIN_IMAGE') onImage(_m: ImageMessage): void {}
    }
    // As production would have it: Mixin's endpoints, a keystore from the environment.
    @Module({
      imports: [
        MixinBlazeModule.forRootAsync({
          useFactory: () => ({ keystore: emu.keystore, onInvalidMessage: (info) => void invalid.push(info.messageId ?? '') }),
        }),
      ],
      providers: [Echo],
    })
    class BotModule {}
    const moduleRef = await useEmulator(Test.createTestingModule({ imports: [BotModule] }), emu, { overrides: FAST_OPTIONS })
      .setLogger(new CaptureLogger())
      .compile();
    const app = await moduleRef.init();
    try {
      const view = emu.userSendsText('ping');
      expect((await emu.waitForReply(view.conversation_id, 5_000)).text).toBe('echo: ping');
      const bad = emu.userSends({ category: 'PLAIN_IMAGE', payload: 'not json' });
      await emu.waitForAck(bad.message_id, 5_000);
      expect(invalid).toEqual([bad.message_id]); // the module's own hook survived the override
    } finally {
      await app.close();
      await emu.close();
    }
  });
});

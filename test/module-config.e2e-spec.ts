import { Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, registerAs, type ConfigType } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import {
  MixinBlazeModule,
  MixinBlazeService,
  OnMessage,
  type MixinBlazeModuleOptions,
  type TextMessage,
} from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { bootModule, FAST_OPTIONS, type BotApp } from './support/bot-app.js';
import { CaptureLogger } from './support/capture-logger.js';

@Injectable()
class Echo {
  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage('PLAIN_TEXT')
  async onText(message: TextMessage): Promise<void> {
    await this.blaze.sendText(message.conversationId, `echo: ${message.payload}`);
  }
}

describe('module configuration', () => {
  let emu: BlazeEmulator;
  let bot: BotApp | undefined;

  beforeAll(async () => {
    emu = await BlazeEmulator.start();
  });
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });
  afterAll(async () => {
    await emu.close();
  });

  async function roundTrip(): Promise<void> {
    const view = emu.userSendsText('ping');
    const reply = await emu.waitForReply(view.conversation_id, 5_000);
    expect(reply.text).toBe('echo: ping');
    await emu.waitForAck(view.message_id, 5_000);
  }

  it('forRoot', async () => {
    @Module({ imports: [MixinBlazeModule.forRoot({ ...emu.moduleOptions(), ...FAST_OPTIONS })], providers: [Echo] })
    class AppModule {}
    bot = await bootModule(AppModule);
    await roundTrip();
  });

  it('forRootAsync with useFactory and @nestjs/config (registerAs, keystore JSON from the environment)', async () => {
    process.env.TEST_MIXIN_KEYSTORE = JSON.stringify(emu.keystore);
    const mixinConfig = registerAs('mixin', () => ({
      keystore: process.env.TEST_MIXIN_KEYSTORE!,
      blazeUrl: emu.blazeUrl,
      apiUrl: emu.apiUrl,
    }));
    @Module({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true }),
        MixinBlazeModule.forRootAsync({
          imports: [ConfigModule.forFeature(mixinConfig)],
          inject: [mixinConfig.KEY],
          useFactory: (config: ConfigType<typeof mixinConfig>) => ({ ...config, ...FAST_OPTIONS }),
        }),
      ],
      providers: [Echo],
    })
    class AppModule {}
    bot = await bootModule(AppModule);
    await roundTrip();
  });

  it('forRootAsync with useClass', async () => {
    @Injectable()
    class BlazeConfig {
      createMixinBlazeOptions(): MixinBlazeModuleOptions {
        return { ...emu.moduleOptions(), ...FAST_OPTIONS };
      }
    }
    @Module({ imports: [MixinBlazeModule.forRootAsync({ useClass: BlazeConfig })], providers: [Echo] })
    class AppModule {}
    bot = await bootModule(AppModule);
    await roundTrip();
  });

  it('is global by default, and isGlobal:false keeps the service inside importing modules', async () => {
    @Injectable()
    class NeedsBlaze {
      constructor(@Inject(MixinBlazeService) readonly blaze: MixinBlazeService) {}
    }
    @Module({ providers: [NeedsBlaze] })
    class FeatureModule {}

    @Module({ imports: [MixinBlazeModule.forRoot({ ...emu.moduleOptions(), autoConnect: false }), FeatureModule] })
    class GlobalApp {}
    const globalRef = await Test.createTestingModule({ imports: [GlobalApp] }).compile();
    expect(globalRef.get(NeedsBlaze).blaze).toBeInstanceOf(MixinBlazeService);
    await globalRef.close();

    for (const blazeModule of [
      MixinBlazeModule.forRoot({ ...emu.moduleOptions(), autoConnect: false, isGlobal: false }),
      MixinBlazeModule.forRootAsync({ isGlobal: false, useFactory: () => ({ ...emu.moduleOptions(), autoConnect: false }) }),
    ]) {
      @Module({ imports: [blazeModule, FeatureModule] })
      class LocalApp {}
      await expect(Test.createTestingModule({ imports: [LocalApp] }).compile()).rejects.toThrow(/MixinBlazeService/);
    }
  });

  it('fails at startup on bad config, naming the field and not echoing the secret', async () => {
    const secret = emu.keystore.session_private_key;
    @Module({
      imports: [MixinBlazeModule.forRoot({ keystore: { ...emu.keystore, session_private_key: secret.slice(2) }, blazeUrl: emu.blazeUrl })],
    })
    class BadKey {}
    const failure = Test.createTestingModule({ imports: [BadKey] }).compile();
    await expect(failure).rejects.toThrow(/"session_private_key"/);
    await failure.catch((err: Error) => expect(err.message).not.toContain(secret.slice(2)));

    @Module({ imports: [MixinBlazeModule.forRoot({ keystore: emu.keystore, blazeUrl: 'ws://example.com/' })] })
    class Plaintext {}
    await expect(Test.createTestingModule({ imports: [Plaintext] }).compile()).rejects.toThrow(/non-loopback host "example.com"/);

    @Module({ imports: [MixinBlazeModule.forRoot({ keystore: emu.keystore, blazeUrl: 'ws://evil.localhost/' })] })
    class LocalhostSubdomain {}
    await expect(Test.createTestingModule({ imports: [LocalhostSubdomain] }).compile()).rejects.toThrow(/non-loopback host "evil.localhost"/);
  });

  it('a keystore pasted into blazeUrl by mistake fails startup naming the field; neither the error nor the log echoes it', async () => {
    const secret = emu.keystore.session_private_key;
    const logs = new CaptureLogger();
    @Module({ imports: [MixinBlazeModule.forRoot({ keystore: emu.keystore, blazeUrl: JSON.stringify(emu.keystore) })] })
    class PastedKeystore {}
    const failure = Test.createTestingModule({ imports: [PastedKeystore] }).setLogger(logs).compile();
    await expect(failure).rejects.toThrow(/option "blazeUrl" is not a valid URL/);
    await failure.catch((err: Error) => expect(`${err.message}\n${err.stack}`).not.toContain(secret));
    expect(logs.lines.map((l) => l.text).join('\n')).not.toContain(secret);
  });
});

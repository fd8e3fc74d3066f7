// A user's app, outside the repo, using the packed nestjs-mixin-blaze exactly as published.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MixinBlazeModule, MixinBlazeService, OnMessage, TextMessage } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';

@Injectable()
class Echo {
  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage('PLAIN_TEXT')
  async onText(message: TextMessage): Promise<void> {
    await this.blaze.sendText(message.conversationId, `echo: ${message.payload}`);
  }
}

async function main(): Promise<void> {
  const emu = await BlazeEmulator.start();
  @Module({ imports: [MixinBlazeModule.forRoot(emu.moduleOptions())], providers: [Echo] })
  class AppModule {}
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  const view = emu.userSendsText('from the packed module');
  const reply = await emu.waitForReply(view.conversation_id, 10_000);
  await emu.waitForAck(view.message_id, 10_000);
  await app.close();
  await emu.close();
  if (reply.text !== 'echo: from the packed module') throw new Error(`unexpected reply ${reply.text}`);
  console.log(`pack smoke: handled, replied "${reply.text}" and acked ${view.message_id}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

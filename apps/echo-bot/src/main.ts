import 'reflect-metadata';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { BotModule } from './bot.module.js';

const print = (line: string) => console.log(line);
/** The users of the demo: the emulator's default user, and a second one for the group. */
const BOB = '0f8d5c4e-3b7a-4e21-9c6d-5a4b3c2d1e0f';

/**
 * Runs the echo bot. With MIXIN_KEYSTORE set it connects to Mixin; without it, it starts the Blaze
 * emulator in-process with its playground page, points the bot at it, plays a short scripted
 * conversation and prints the playground's address.
 */
async function main(): Promise<void> {
  const logger = new Logger('EchoBot');
  const emu = process.env.MIXIN_KEYSTORE ? undefined : await startEmulator();
  const app = emu ? await startDemo(emu) : await NestFactory.createApplicationContext(BotModule, { logger: ['log', 'warn', 'error'] });
  // Ctrl-C / SIGTERM: Nest's shutdown hooks drain handlers, flush acks and close the socket; then exit 0.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: shutting down`);
      void app
        .close()
        .then(() => emu?.close())
        .then(() => process.exit(0), (err) => {
          console.error(err);
          process.exit(1);
        });
    });
  }
  if (!emu) {
    logger.log('echo bot running');
    return;
  }
  const { playScriptedConversation } = await import('./demo/scripted-conversation.js');
  await playScriptedConversation(emu, print);
  print('Scripted conversation done: each message was answered or set aside, and acknowledged.');
  print(`Playground: ${emu.playground!.url}`);
  print('  Open it to chat with the bot as Alice or Bob, or in their group; type "help" there for more. Ctrl-C to stop.');
}

async function startEmulator(): Promise<BlazeEmulator> {
  const { BlazeEmulator } = await import('nestjs-mixin-blaze/testing');
  const emu = await BlazeEmulator.start();
  await emu.servePlayground({ users: [{ name: 'Alice', userId: emu.userId }, { name: 'Bob', userId: BOB }] });
  process.env.MIXIN_KEYSTORE = JSON.stringify(emu.keystore);
  process.env.MIXIN_BLAZE_URL = emu.blazeUrl;
  process.env.MIXIN_API_URL = emu.apiUrl;
  print(`No MIXIN_KEYSTORE set: the echo bot runs against the Blaze emulator at ${emu.blazeUrl}`);
  return emu;
}

/** The bot with a story-telling logger and playground reporting, narrated from the emulator's side. */
async function startDemo(emu: BlazeEmulator): Promise<INestApplicationContext> {
  const [{ demoModule }, { StoryLogger }, { narrate }] = await Promise.all([
    import('./demo/demo-module.js'),
    import('./demo/story-logger.js'),
    import('./demo/scripted-conversation.js'),
  ]);
  narrate(emu, new Map([[emu.userId, 'Alice'], [BOB, 'Bob']]), print);
  return NestFactory.createApplicationContext(demoModule(emu.playground!), { logger: new StoryLogger(print) });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

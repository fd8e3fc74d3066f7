import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BotModule } from './bot.module.js';

/**
 * Runs the echo bot. With MIXIN_KEYSTORE set it connects to Mixin; without it, it starts the Blaze
 * emulator in-process, points the bot at it and plays a short scripted conversation.
 */
async function main(): Promise<void> {
  const logger = new Logger('EchoBot');
  const demo = !process.env.MIXIN_KEYSTORE;
  const emu = demo ? await startEmulator() : undefined;

  const app = await NestFactory.createApplicationContext(BotModule, { logger: ['log', 'warn', 'error'] });
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
  if (emu) {
    const { playScriptedConversation } = await import('./demo/scripted-conversation.js');
    await playScriptedConversation(emu, (line) => console.log(line));
    console.log('Scripted conversation done: every message was handled and acknowledged. Ctrl-C to stop.');
  }
  logger.log('echo bot running');
}

async function startEmulator() {
  const { BlazeEmulator } = await import('nestjs-mixin-blaze/testing');
  const emu = await BlazeEmulator.start();
  process.env.MIXIN_KEYSTORE = JSON.stringify(emu.keystore);
  process.env.MIXIN_BLAZE_URL = emu.blazeUrl;
  process.env.MIXIN_API_URL = emu.apiUrl;
  console.log(`No MIXIN_KEYSTORE set: running against the Blaze emulator at ${emu.blazeUrl}`);
  return emu;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

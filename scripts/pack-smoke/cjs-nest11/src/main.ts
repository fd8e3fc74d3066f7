import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { MixinBlazeService } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { AppModule } from './app.module';

// Boots the bot against an emulator started in this process, runs one message through it and
// returns, so the process exits 0 only if nothing was left open.
async function main(): Promise<void> {
  const emu = await BlazeEmulator.start();
  // SMOKE_REDIS_URL: the same in cluster mode (the pack smoke installs ioredis for that run).
  const redis = process.env.SMOKE_REDIS_URL;
  const options = { ...emu.moduleOptions(), ...(redis ? { cluster: { redis, leaseMs: 2_000 } } : {}) };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(options), { logger: ['error', 'warn'] });
  let role = 'no cluster';
  try {
    const view = emu.userSendsText('hello from CommonJS');
    const reply = await emu.waitForReply(view.conversation_id, 10_000);
    await emu.waitForAck(view.message_id, 10_000);
    if (reply.text !== 'echo: hello from CommonJS') throw new Error(`unexpected reply ${reply.text}`);
    role = app.get(MixinBlazeService).stats().cluster?.role ?? role;
  } finally {
    await app.close();
    await emu.close();
  }
  const nest = JSON.parse(readFileSync('node_modules/@nestjs/core/package.json', 'utf8')).version;
  const build = require.resolve('nestjs-mixin-blaze').replace(/^.*node_modules\//, '');
  console.log(`Nest ${nest}, ${build}: one message handled, replied to and acked (${role})`);
}

main()
  .then(() => {
    // Everything is closed: the process should exit now. If something stays open, say what and
    // fail fast (exit 3) instead of hanging until the smoke test's timeout. Unref'd: it never
    // keeps the process alive by itself.
    setTimeout(() => {
      console.error(`still open 10 s after close: ${process.getActiveResourcesInfo().join(', ')}`);
      process.exit(3);
    }, 10_000).unref();
  })
  .catch((err) => {
  console.error(err);
  process.exit(1);
});

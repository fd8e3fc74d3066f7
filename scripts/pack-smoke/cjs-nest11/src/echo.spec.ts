import { Test } from '@nestjs/testing';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { AppModule } from './app.module';

describe('the echo bot on the packed nestjs-mixin-blaze (CommonJS, Nest 11)', () => {
  it('gets the CommonJS build under Jest', () => {
    expect(require.resolve('nestjs-mixin-blaze')).toMatch(/nestjs-mixin-blaze[\\/]cjs[\\/]index\.js$/);
    expect(require.resolve('nestjs-mixin-blaze/testing')).toMatch(/nestjs-mixin-blaze[\\/]cjs[\\/]testing[\\/]index\.js$/);
  });

  it('handles a message from the emulator, replies and acks it', async () => {
    const emu = await BlazeEmulator.start();
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(emu.moduleOptions())] }).compile();
    const app = await moduleRef.init();
    try {
      const view = emu.userSendsText('hello from Jest');
      const reply = await emu.waitForReply(view.conversation_id, 10_000);
      expect(reply.text).toBe('echo: hello from Jest');
      await emu.waitForAck(view.message_id, 10_000);
    } finally {
      await app.close();
      await emu.close();
    }
  }, 30_000);
});

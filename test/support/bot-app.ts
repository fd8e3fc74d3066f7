import type { INestApplicationContext, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MixinBlazeModule, MixinBlazeService, type MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';
import type { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { CaptureLogger } from './capture-logger.js';

/** A running bot app in a test: the Nest app, its Blaze service and everything it logged. */
export interface BotApp {
  app: INestApplicationContext;
  blaze: MixinBlazeService;
  logs: CaptureLogger;
  close(): Promise<void>;
}

/** Options tuned so that the suite never waits on production-sized timers. */
export const FAST_OPTIONS: Partial<MixinBlazeModuleOptions> = {
  ackFlushIntervalMs: 10,
  reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
  requestTimeoutMs: 3_000,
  shutdownTimeoutMs: 5_000,
};

/** Boots a real Nest app with `MixinBlazeModule.forRoot` pointed at the emulator and the given handler classes. */
export async function startBot(
  emu: BlazeEmulator,
  handlers: Type[],
  options: Partial<MixinBlazeModuleOptions> = {},
): Promise<BotApp> {
  @Module({
    imports: [MixinBlazeModule.forRoot({ ...emu.moduleOptions(), ...FAST_OPTIONS, ...options })],
    providers: handlers,
  })
  class TestBotModule {}
  return bootModule(TestBotModule);
}

/** Boots any root module containing MixinBlazeModule, with a capturing logger. */
export async function bootModule(root: Type): Promise<BotApp> {
  const logs = new CaptureLogger();
  const moduleRef = await Test.createTestingModule({ imports: [root] })
    .setLogger(logs)
    .compile();
  const app = await moduleRef.init();
  const blaze = app.get(MixinBlazeService);
  return { app, blaze, logs, close: () => app.close() };
}

/** Resolves when `condition()` holds; rejects after `timeoutMs` naming `what`. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise with its resolve/reject exposed, to hold a handler open. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

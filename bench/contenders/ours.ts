/**
 * Ours: a Nest application context with one `@OnMessage('PLAIN_TEXT')` handler receiving the
 * validated `TextMessage` DTO; auto-ack on, default options except `ackTransport` (BENCH_ACK:
 * 'http' default, or 'socket') and, for the RSS mode, a handler delay (BENCH_HANDLER_MS).
 * BENCH_METRICS=1 turns on `metrics` (a registry of its own, never scraped: the cost of counting),
 * BENCH_TRACING=1 turns on `tracing` with `@opentelemetry/api` alone (no SDK: non-recording spans).
 *
 * The module is built with `autoConnect: false` so that Nest's boot is not counted in the CPU
 * figure; the socket is then opened the way the module's own bootstrap hook does it.
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Registry } from 'prom-client';
import { MixinBlazeModule, OnMessage, type AckTransport, type TextMessage } from 'nestjs-mixin-blaze';
// Internal: there is no public connect() for autoConnect: false (see bench/README note in the report).
import { BlazeRuntime } from '../../libs/mixin-blaze/src/blaze-runtime.js';
import { endpointFromEnv, OrderTracker, runContender } from '../shared.js';
import { registerCountingTracer } from './counting-tracer.js';

if (process.env.BENCH_TRACING === 'record') registerCountingTracer();

const endpoint = endpointFromEnv();
const ackTransport = (process.env.BENCH_ACK ?? 'http') as AckTransport;
const handlerMs = Number(process.env.BENCH_HANDLER_MS ?? 0);
const tracker = new OrderTracker();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

@Injectable()
class BenchHandler {
  @OnMessage('PLAIN_TEXT')
  async onText(message: TextMessage): Promise<void> {
    tracker.record(message.payload);
    if (handlerMs > 0) await sleep(handlerMs);
  }
}

@Module({
  imports: [
    MixinBlazeModule.forRoot({
      keystore: endpoint.keystore,
      blazeUrl: endpoint.blazeUrl,
      apiUrl: endpoint.apiUrl,
      ackTransport,
      autoConnect: false,
      ...(process.env.BENCH_FLUSH_MS ? { ackFlushIntervalMs: Number(process.env.BENCH_FLUSH_MS) } : {}),
      ...(process.env.BENCH_METRICS === '1' ? { metrics: { registry: new Registry() } } : {}),
      ...(process.env.BENCH_TRACING ? { tracing: true } : {}),
    }),
  ],
  providers: [BenchHandler],
})
class BenchModule {}

const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['warn', 'error'] });
const runtime = app.get(BlazeRuntime);

runContender({
  name: `ours-${ackTransport}${process.env.BENCH_METRICS === '1' ? '-metrics' : ''}${process.env.BENCH_TRACING ? `-otel${process.env.BENCH_TRACING === 'record' ? '-rec' : ''}` : ''}`,
  tracker,
  connect: async () => {
    runtime.connection.start();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ours: socket did not open within 15 s')), 15_000);
      const sub = runtime.state$.subscribe((state) => {
        if (state === 'open') {
          clearTimeout(timer);
          queueMicrotask(() => sub.unsubscribe());
          resolve();
        }
      });
    });
  },
  stop: () => app.close(),
});

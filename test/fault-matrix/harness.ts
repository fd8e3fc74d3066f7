import type { MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { Module } from '@nestjs/common';
import { MixinBlazeModule } from 'nestjs-mixin-blaze';
import { bootModule, FAST_OPTIONS, type BotApp } from '../support/bot-app.js';
import { RECORDER, Recorder, RecordingHandler, type Misbehaviour } from './recorder.js';

/** One row of the matrix: what was fed and what the emulator and the bot saw. */
export interface MatrixReport {
  scenario: string;
  fed: number;
  handled: number;
  acked: number;
  lost: number;
  /** Messages the server still holds un-acknowledged at the end, fed by the scenario or not. */
  leftOnServer: number;
  handledTwice: number;
  earlyAcks: number;
  /** Replies a user would see twice: the same text under different message ids. */
  sentTwice: number;
  orderViolations: number;
  reconnects: number;
  peakBuffered: number;
  peakRssMb: number;
  seconds: number;
  finalState: string;
}

/** What a scenario gets to work with. */
export interface ScenarioContext {
  emu: BlazeEmulator;
  bot: () => BotApp;
  recorder: Recorder;
  /** Starts the bot (scenarios that feed a backlog first call it later). */
  start(): Promise<BotApp>;
  /** Queues `n` messages over `conversations` conversations; returns their ids. */
  feed(n: number, options?: { conversations?: number; misbehave?: (i: number) => Misbehaviour | undefined }): string[];
  /** Resolves when `condition()` holds; rejects after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void>;
}

/** A fault scenario: feeds messages and injects faults; the harness then checks every invariant. */
export interface Scenario {
  name: string;
  options?: Partial<MixinBlazeModuleOptions>;
  run(ctx: ScenarioContext, scale: number): Promise<void>;
}

const CATEGORIES = ['PLAIN_TEXT', 'PLAIN_TEXT', 'PLAIN_POST', 'PLAIN_CONTACT'] as const;

/** Runs a scenario against a fresh emulator and a real Nest app, then checks from the emulator's records. */
export async function runScenario(scenario: Scenario, scale: number, timeoutMs: number): Promise<MatrixReport & { bot: BotApp }> {
  const started = Date.now();
  const emu = await BlazeEmulator.start();
  const recorder = new Recorder();
  let bot: BotApp | undefined;
  let earlyAcks = 0;
  // The server's view of "early": an ack arriving before the handler of that message finished.
  emu.on('ack', (ack) => {
    if (recorder.handled.has(ack.messageId) && !recorder.finished.has(ack.messageId)) earlyAcks++;
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const fed: string[] = [];
  let seq = 0;
  const ctx: ScenarioContext = {
    emu,
    recorder,
    bot: () => bot!,
    async start() {
      @Module({
        imports: [MixinBlazeModule.forRoot({ ...emu.moduleOptions(), ...FAST_OPTIONS, ...scenario.options })],
        providers: [RecordingHandler, { provide: RECORDER, useValue: recorder }],
      })
      class MatrixBot {}
      bot = await bootModule(MatrixBot);
      return bot;
    },
    feed(count, { conversations = 25, misbehave } = {}) {
      const n = Math.floor(count);
      const base = seq;
      const ids = emu.userSendsMany(n, (i) => {
        const category = CATEGORIES[i % CATEGORIES.length];
        const how = misbehave?.(base + i);
        const conversationId = `00000000-0000-4000-8000-${String((base + i) % conversations).padStart(12, '0')}`;
        const payload = category === 'PLAIN_CONTACT' ? { user_id: crypto.randomUUID() } : `${base + i}${how ? ` ${how}` : ''}`;
        return { category, payload, conversationId };
      });
      seq += n;
      fed.push(...ids);
      return ids;
    },
    until: (condition, ms, what) => emu.waitFor(condition, ms, what),
  };
  try {
    await scenario.run(ctx, scale);
    if (!bot) await ctx.start();
    await emu.waitFor(() => fed.every((id) => emu.isAcked(id)), timeoutMs, `all ${fed.length} messages of ${scenario.name} to be acked`);
    await emu.waitFor(() => bot!.blaze.state === 'open', timeoutMs, 'the bot to be open');
  } finally {
    clearInterval(sampler);
    for (const release of recorder.hung) release();
  }
  const handled = fed.filter((id) => recorder.finished.has(id)).length;
  const report: MatrixReport = {
    scenario: scenario.name,
    fed: fed.length,
    handled,
    acked: fed.filter((id) => emu.isAcked(id)).length,
    lost: fed.filter((id) => !recorder.finished.has(id) || !emu.isAcked(id)).length,
    leftOnServer: emu.pending().length,
    handledTwice: fed.filter((id) => (recorder.handled.get(id) ?? 0) > 1).length,
    earlyAcks,
    sentTwice: countSentTwice(emu),
    orderViolations: recorder.orderViolations.length,
    reconnects: emu.connections - 1,
    peakBuffered: bot!.blaze.stats().peakBuffered,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    finalState: bot!.blaze.state,
  };
  const result = { ...report, bot: bot! };
  await bot!.close();
  await emu.close();
  return result;
}

/** Replies a user would see twice: the same text sent under different message ids. */
export function countSentTwice(emu: BlazeEmulator): number {
  const idsByText = new Map<string, Set<string>>();
  for (const sent of emu.sent) {
    const ids = idsByText.get(sent.text) ?? new Set<string>();
    ids.add(sent.messageId);
    idsByText.set(sent.text, ids);
  }
  return [...idsByText.values()].filter((ids) => ids.size > 1).length;
}

import { Catch, ConsoleLogger, Injectable, Module, UseFilters, type ArgumentsHost, type ExceptionFilter, type LoggerService, type LogLevel } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { BlazeContext, Ctx, Message, MixinBlazeModule, OnMessage, type BlazeMessage, type MixinBlazeModuleOptions } from 'nestjs-mixin-blaze';
import { BlazeEmulator } from 'nestjs-mixin-blaze/testing';
import { FAST_OPTIONS } from './support/bot-app.js';
import { CaptureLogger } from './support/capture-logger.js';

/** An error the global filter handles (returns a value for), so the message counts as handled. */
class HandledError extends Error {}

const caught: { filter: 'method' | 'global'; messageId: string; attempt: number; error: unknown }[] = [];

function contextOf(host: ArgumentsHost): BlazeContext {
  return BlazeContext.from(host);
}

/** Sees every exception of one method and handles none of them. */
@Catch()
class MethodObserver implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = contextOf(host);
    caught.push({ filter: 'method', messageId: ctx.messageId, attempt: ctx.attempt, error });
  }
}

/** A global catch-all: handles HandledError (returns a value), only looks at anything else. */
@Catch()
class GlobalObserver implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): string | undefined {
    const ctx = contextOf(host);
    caught.push({ filter: 'global', messageId: ctx.messageId, attempt: ctx.attempt, error });
    return error instanceof HandledError ? 'handled' : undefined;
  }
}

@Injectable()
class FailingHandlers {
  @OnMessage('PLAIN_TEXT', { bot: 'logbot' })
  onText(@Message() message: BlazeMessage): void {
    throw new Error(`always fails: ${message.messageId}`);
  }

  @OnMessage('PLAIN_POST', { bot: 'logbot' })
  @UseFilters(MethodObserver)
  onPost(): void {
    throw new Error('post fails');
  }

  @OnMessage('PLAIN_STICKER', { bot: 'logbot' })
  onSticker(@Ctx() ctx: BlazeContext): void {
    throw new HandledError(`handled by the global filter on attempt ${ctx.attempt}`);
  }
}

/** Nest's own ConsoleLogger in JSON mode, keeping each record it would print. */
class JsonConsole extends ConsoleLogger {
  readonly records: Record<string, unknown>[] = [];
  protected override printAsJson(message: unknown, options: Parameters<ConsoleLogger['printAsJson']>[1]): void {
    this.records.push(JSON.parse(this.stringifyJsonLogObject(this.getJsonLogObject(message, options))) as Record<string, unknown>);
  }
}

/** Nest's own ConsoleLogger in text mode, keeping each line it would print instead of printing it. */
class TextConsole extends ConsoleLogger {
  readonly lines: string[] = [];
  protected override formatMessage(...args: Parameters<ConsoleLogger['formatMessage']>): string {
    this.lines.push(super.formatMessage(...args));
    return '';
  }
  protected override printStackTrace(stack: string): void {
    if (stack) this.lines.push(`STACK ${stack}`);
  }
}

const RETRY: MixinBlazeModuleOptions['retry'] = { attempts: 3, initialDelayMs: 5, maxDelayMs: 20 };

describe('log lines', () => {
  let emu: BlazeEmulator;
  let close: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    emu = await BlazeEmulator.start();
    caught.length = 0;
  });
  afterEach(async () => {
    await close?.();
    close = undefined;
    await emu.close();
  });

  async function boot(logger: LoggerService, options: Partial<MixinBlazeModuleOptions> = {}): Promise<void> {
    @Module({
      imports: [MixinBlazeModule.forRoot({ name: 'logbot', ...emu.moduleOptions(), ...FAST_OPTIONS, retry: RETRY, ...options })],
      providers: [FailingHandlers, { provide: APP_FILTER, useClass: GlobalObserver }],
    })
    class LogBotModule {}
    const app = await (await Test.createTestingModule({ imports: [LogBotModule] }).setLogger(logger).compile()).init();
    close = () => app.close();
  }

  const conv = () => ({ conversationId: crypto.randomUUID() });

  it('a message failing 3 times: 3 warn lines (id, attempt n/3, reason), 1 error line with the stack, no ExceptionsHandler line', async () => {
    const logs = new CaptureLogger();
    await boot(logs);
    const view = emu.userSendsText('boom', conv());
    const id = view.message_id;
    await emu.waitForAck(id, 5_000);

    const warns = logs.lines.filter((l) => l.level === 'warn' && l.text.includes(id));
    expect(warns.map((l) => l.text.match(/attempt (\d\/\d)/)?.[1])).toEqual(['1/3', '2/3', '3/3']);
    for (const line of warns) expect(line.text).toContain(`FailingHandlers.onText failed on message ${id} (PLAIN_TEXT)`);
    for (const line of warns) expect(line.text).toContain(`always fails: ${id}`);
    expect(warns[2].text).toContain('giving up');

    const errors = logs.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].text).toContain(`dead letter ${id}: FailingHandlers.onText failed after 3 attempts: always fails`);
    expect(errors[0].text).toMatch(/\n\s+at FailingHandlers\.onText /); // the stack, once
    expect(logs.lines.filter((l) => l.text.includes('ExceptionsHandler'))).toEqual([]);
    expect(logs.lines.filter((l) => /\n\s+at /.test(l.text))).toHaveLength(1);

    const fields = { bot: 'logbot', messageId: id, conversationId: view.conversation_id, category: 'PLAIN_TEXT', handler: 'FailingHandlers.onText' };
    expect(warns.map((l) => l.fields)).toEqual([1, 2, 3].map((attempt) => ({ ...fields, attempt, attempts: 3 })));
    // A logger other than Nest's ConsoleLogger gets the stack as a field too (nestjs-pino drops the parameter).
    expect(errors[0].fields).toEqual({ ...fields, attempts: 3, stack: expect.stringMatching(/^Error: always fails.*\n\s+at FailingHandlers\.onText /s) });
  });

  it('exception filters still see every failure: a method-level one and a global (APP_FILTER) one', async () => {
    const logs = new CaptureLogger();
    await boot(logs);
    const post = emu.userSends({ category: 'PLAIN_POST', payload: 'x', conversationId: crypto.randomUUID() });
    const text = emu.userSendsText('boom', conv());
    await emu.waitForAck(post.message_id, 5_000);
    await emu.waitForAck(text.message_id, 5_000);

    // The method's filter is Nest's choice for onPost; the global one for onText. Neither handles, so all 3 attempts ran.
    const seen = (id: string) => caught.filter((c) => c.messageId === id).map((c) => [c.filter, c.attempt, (c.error as Error).message]);
    expect(seen(post.message_id)).toEqual([1, 2, 3].map((n) => ['method', n, 'post fails']));
    expect(seen(text.message_id)).toEqual([1, 2, 3].map((n) => ['global', n, `always fails: ${text.message_id}`]));
    expect(logs.find('warn', post.message_id, 'attempt')).toHaveLength(3);
    expect(logs.find('error', `dead letter ${post.message_id}`)).toHaveLength(1);
    expect(logs.lines.filter((l) => l.text.includes('ExceptionsHandler'))).toEqual([]);
  });

  it('a global filter that handles the exception: handled and acked on the first attempt, nothing logged about it', async () => {
    const logs = new CaptureLogger();
    await boot(logs);
    const view = emu.userSends({ category: 'PLAIN_STICKER', payload: { sticker_id: crypto.randomUUID() }, conversationId: crypto.randomUUID() });
    await emu.waitForAck(view.message_id, 5_000);
    expect(caught.filter((c) => c.messageId === view.message_id).map((c) => [c.filter, c.attempt])).toEqual([['global', 1]]);
    expect(logs.lines.filter((l) => l.text.includes(view.message_id) && l.level !== 'debug')).toEqual([]);
  });

  it("Nest's ConsoleLogger with json: true gets the fields as JSON fields, and the stack in the error record", async () => {
    const json = new JsonConsole({ json: true, flattenParams: true, logLevels: ['log', 'warn', 'error'] as LogLevel[] });
    await boot(json, { retry: { attempts: 2, initialDelayMs: 5, maxDelayMs: 5 } });
    const view = emu.userSendsText('boom', conv());
    await emu.waitForAck(view.message_id, 5_000);

    const about = json.records.filter((r) => r.messageId === view.message_id);
    expect(about.map((r) => [r.level, r.attempt])).toEqual([
      ['warn', 1],
      ['warn', 2],
      ['error', undefined],
    ]);
    for (const record of about) {
      expect(record).toMatchObject({ context: 'MixinBlaze:logbot', bot: 'logbot', conversationId: view.conversation_id, category: 'PLAIN_TEXT', handler: 'FailingHandlers.onText' });
      expect(String(record.message)).toContain(view.message_id);
    }
    expect(about[0]).toMatchObject({ attempts: 2 });
    expect(String(about[2].stack)).toMatch(/^Error: always fails.*\n\s+at FailingHandlers\.onText /s);
    expect(json.records.filter((r) => r.context === 'ExceptionsHandler')).toEqual([]);
  });

  it("Nest's ConsoleLogger in text mode prints one line per call: the prose, then the fields inline", async () => {
    const text = new TextConsole({ colors: false, logLevels: ['log', 'warn', 'error'] as LogLevel[] });
    await boot(text, { retry: { attempts: 1 } });
    const view = emu.userSendsText('boom', conv());
    await emu.waitForAck(view.message_id, 5_000);

    const about = text.lines.filter((l) => l.includes(view.message_id));
    expect(about).toHaveLength(3); // the warn line, the error line and its stack
    expect(about[0]).toMatch(new RegExp(`WARN \\[MixinBlaze:logbot\\] FailingHandlers\\.onText failed on message ${view.message_id} \\(PLAIN_TEXT\\), attempt 1/1; giving up: always fails: ${view.message_id} \\{ bot: 'logbot', messageId: '${view.message_id}'.* attempt: 1, attempts: 1 \\}\\n$`));
    expect(about[1]).toMatch(/ERROR \[MixinBlaze:logbot\] dead letter .* \{ bot: 'logbot', .* attempts: 1 \}\n$/);
    expect(about[2]).toMatch(/^STACK Error: always fails/);
  });

  it('a ConsoleLogger that would print the fields as a line of their own (structuredParams: false, as in Nest 11) gets the text alone', async () => {
    const text = new TextConsole({ colors: false, structuredParams: false, logLevels: ['log', 'warn', 'error'] as LogLevel[] });
    await boot(text, { retry: { attempts: 1 } });
    const view = emu.userSendsText('boom', conv());
    await emu.waitForAck(view.message_id, 5_000);
    expect(text.lines.filter((l) => l.includes('Object('))).toEqual([]);
    expect(text.lines.filter((l) => l.includes(view.message_id))).toHaveLength(3); // warn, error, stack: no extra lines
    expect(text.lines.find((l) => l.includes(`attempt 1/1; giving up: always fails: ${view.message_id}`))).toMatch(/fails: [0-9a-f-]+\n$/);
  });
});

import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { tap, type Observable } from 'rxjs';
import { BlazeContext } from '../../dispatch/blaze-context.js';
import type { DeadLetter } from '../../dispatch/dead-letter.js';
import { BLAZE_CONTEXT_TYPE } from '../../nest/blaze-context-type.js';
import { OnDeadLetter } from '../../nest/on-dead-letter.decorator.js';
import type { Playground } from './playground-types.js';

/**
 * A global interceptor that tells the playground about each handler attempt of an `@OnMessage`
 * method: started (attempt n), handled, or failed. Other kinds of handler pass through untouched.
 */
export class PlaygroundInterceptor implements NestInterceptor {
  constructor(private readonly playground: Pick<Playground, 'report'>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx = context.getType<string>() === BLAZE_CONTEXT_TYPE ? context.getArgByIndex(1) : undefined;
    // Dead-letter hooks run through the same invoker without a BlazeContext.
    if (!(ctx instanceof BlazeContext)) return next.handle();
    const { messageId, attempt } = ctx;
    this.playground.report({ messageId, state: 'attempt', attempt });
    return next.handle().pipe(
      tap({
        complete: () => this.playground.report({ messageId, state: 'handled', attempt }),
        error: (err: unknown) => this.playground.report({ messageId, state: 'failed', attempt, detail: err instanceof Error ? err.message : String(err) }),
      }),
    );
  }
}

/** Options of {@link playgroundReporting}. */
export interface PlaygroundReportingOptions {
  /** The named bot (`forRoot({ name })`) whose dead letters to report; default the unnamed bot. */
  bot?: string;
}

/**
 * Nest providers that make a bot report to the playground what only it knows: each handler
 * attempt (so retries show), success, failure, and dead letters. Add them next to the bot's module:
 * `Test.createTestingModule({ imports: [BotModule], providers: playgroundReporting(emu.playground!) })`.
 * Without them the page still shows what the emulator sees itself: delivered, redelivered, acked.
 */
export function playgroundReporting(playground: Pick<Playground, 'report'>, options: PlaygroundReportingOptions = {}): Provider[] {
  @Injectable()
  class PlaygroundDeadLetterReporter {
    @OnDeadLetter(options.bot === undefined ? {} : { bot: options.bot })
    onDeadLetter(letter: DeadLetter): void {
      playground.report({ messageId: letter.messageId, state: 'dead-lettered', detail: letter.reason });
    }
  }
  return [{ provide: APP_INTERCEPTOR, useValue: new PlaygroundInterceptor(playground) }, PlaygroundDeadLetterReporter];
}

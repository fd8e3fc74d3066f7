/** The handlers of `survivor-bot.ts`: each fails in the ways the library promises to contain. */
import { Injectable } from '@nestjs/common';
import { MixinBlazeService, OnDeadLetter, OnMessage, type DeadLetter, type PostMessage, type TextMessage } from 'nestjs-mixin-blaze';

const RETRY = { attempts: 2, initialDelayMs: 10, maxDelayMs: 20 };

/** What happened, as the handlers and hooks saw it. */
export const seen = {
  attempts: new Map<string, number>(),
  deadLetters: new Set<string>(),
  invalid: new Set<string>(),
  handlerSendErrors: [] as string[],
  replies: 0,
};

function countAttempt(messageId: string): number {
  const n = (seen.attempts.get(messageId) ?? 0) + 1;
  seen.attempts.set(messageId, n);
  return n;
}

/** PLAIN_POST: always fails, in the way the payload names; retried once, then dead-lettered and acked. */
@Injectable()
export class FailingHandler {
  @OnMessage('PLAIN_POST', { retry: RETRY })
  async onPost(message: PostMessage): Promise<void> {
    countAttempt(message.messageId);
    switch (message.payload) {
      case 'throw error':
        throw new Error('handler threw an Error');
      case 'throw string':
        throw 'handler threw a string'; // eslint-disable-line no-throw-literal
      case 'throw undefined':
        throw undefined; // eslint-disable-line no-throw-literal
      case 'throw null':
        throw null; // eslint-disable-line no-throw-literal
      case 'reject later':
        await new Promise((resolve) => setTimeout(resolve, 5));
        await Promise.resolve();
        return Promise.reject(new Error('handler rejected after an await'));
      default:
        throw new Error(`unexpected payload ${message.payload}`);
    }
  }

  @OnDeadLetter()
  onDeadLetter(letter: DeadLetter): void {
    seen.deadLetters.add(letter.messageId);
  }
}

/** PLAIN_TEXT: 'send ...' replies with sendText (and lets a send failure fail the attempt); anything else just resolves. */
@Injectable()
export class TextHandler {
  constructor(private readonly blaze: MixinBlazeService) {}

  @OnMessage('PLAIN_TEXT', { retry: RETRY })
  async onText(message: TextMessage): Promise<void> {
    countAttempt(message.messageId);
    if (!message.payload.startsWith('send ')) return;
    try {
      await this.blaze.sendText(message.conversationId, `reply to ${message.payload}`);
      seen.replies++;
    } catch (err) {
      seen.handlerSendErrors.push(`${(err as Error).name}: ${(err as Error).message}`);
      throw err; // the handler fails; the library retries it
    }
  }
}

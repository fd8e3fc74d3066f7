import type { ArgumentsHost } from '@nestjs/common';
import type { BlazeMessage } from '../messages/blaze-message.dto.js';

/** The context type Nest enhancers see for `@OnMessage` handlers (`ctx.getType()`). */
export const BLAZE_CONTEXT_TYPE = 'blaze';

/**
 * Everything about the message being handled, for `@Ctx()` parameters, guards and interceptors
 * (`context.getArgByIndex(1)`): the raw envelope, the attempt number, and a way to ack early.
 */
export class BlazeContext {
  constructor(
    /** The decoded, validated message. */
    readonly message: BlazeMessage,
    /** The `data` object of the CREATE_MESSAGE frame as received. */
    readonly raw: Readonly<Record<string, unknown>>,
    /** 1 for the first attempt, 2 for the first retry, ... */
    readonly attempt: number,
    /** Aborted when the attempt timed out or the application is shutting down. */
    readonly signal: AbortSignal,
    private readonly acknowledge: (messageId: string) => Promise<void>,
  ) {}

  get messageId(): string {
    return this.message.messageId;
  }

  get category(): string {
    return this.message.category;
  }

  /** Acknowledges the message now; resolves once the server accepted it. */
  ack(): Promise<void> {
    return this.acknowledge(this.message.messageId);
  }
}

/** True when a guard, interceptor, pipe or filter runs around an `@OnMessage` handler. */
export function isBlazeContext(host: ArgumentsHost): boolean {
  return host.getType<string>() === BLAZE_CONTEXT_TYPE;
}

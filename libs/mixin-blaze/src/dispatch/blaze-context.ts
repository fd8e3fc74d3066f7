import type { BlazeMessage } from '../messages/blaze-message.dto.js';

/** The context type Nest enhancers see for `@OnMessage` handlers (`ctx.getType()`). */
export const BLAZE_CONTEXT_TYPE = 'blaze';

/** What `BlazeContext.from` reads: Nest's `ArgumentsHost` / `ExecutionContext`. */
export interface HandlerHost {
  getType<T extends string = string>(): T;
  getArgByIndex<T = unknown>(index: number): T;
}

/**
 * Everything about the message being handled, for `@Ctx()` parameters, guards and interceptors
 * (`context.getArgByIndex(1)`): the raw envelope, the attempt number, and a way to ack early.
 */
export class BlazeContext {
  /**
   * The context of the message a guard, interceptor, pipe or filter runs around:
   * `BlazeContext.from(host)`. Throws outside an `@OnMessage` handler (check `isBlazeContext(host)`).
   */
  static from(host: HandlerHost): BlazeContext {
    const context = host.getType() === BLAZE_CONTEXT_TYPE ? host.getArgByIndex(1) : undefined;
    if (context instanceof BlazeContext) return context;
    throw new TypeError(`BlazeContext.from(host) needs the host of an @OnMessage handler, not of a ${host.getType()} one`);
  }

  // Made on first use of `signal`: most handlers never look (docs/performance.md §3).
  private controller?: AbortController;
  private abortReason?: unknown;

  constructor(
    /** The decoded, validated message. */
    readonly message: BlazeMessage,
    /** The `data` object of the CREATE_MESSAGE frame as received. */
    readonly raw: Readonly<Record<string, unknown>>,
    /** 1 for the first attempt, 2 for the first retry, ... */
    readonly attempt: number,
    private readonly acknowledge: (messageId: string) => Promise<void>,
  ) {}

  /** Aborted when the attempt timed out or the application shut down before it finished. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason !== undefined) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /** @internal Aborts `signal` (now, or when it is first read). */
  abort(reason: unknown): void {
    this.abortReason ??= reason;
    this.controller?.abort(reason);
  }

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

import type { EngineLogger } from '../util/engine-logger.js';
import { logSafe } from '../util/log-safe.js';
import type { BlazeFrame, FrameDecodeError, FrameLimits } from './frame-codec.js';
import type { ReadGate } from './read-gate.js';
import type { RequestTracker } from './request-tracker.js';
import { MESSAGE_PUSH_ACTIONS, recoverUnreadable } from './unreadable-frame.js';
import type { UnreadableMessage } from './unreadable-message.js';

/** Codes of an ERROR push that mean "your token is refused" (docs/protocol.md §6). */
export const UNAUTHORIZED_CODES: ReadonlySet<number> = new Set([401, 20121]);
/** The ERROR code that means "this client is too old to be served" (docs/protocol.md §6; FLT stops Blaze on it). */
export const UPDATE_REQUIRED_CODE = 10006;

/** What the router needs from the connection. */
export interface PushRouterHooks {
  /** A message push that was too large to read whole. */
  unreadable(info: UnreadableMessage): void;
  /** An ERROR push refused our token (401 / 20121). */
  unauthorized(code: number): void;
  /** An ERROR push said this client must be updated (10006). */
  updateRequired(description: string | undefined): void;
}

/**
 * Decides what each inbound frame is: a reply (settled by id), a message push (to the read gate,
 * then the dispatcher), an ERROR push, or something bots ignore. Every value that came off the
 * wire is escaped and cut before it reaches a log line (a server could forge log lines otherwise).
 */
export class PushRouter {
  constructor(
    private readonly tracker: RequestTracker,
    private readonly gate: ReadGate,
    private readonly limits: FrameLimits,
    private readonly logger: EngineLogger,
    private readonly hooks: PushRouterHooks,
  ) {}

  /** Routes one decoded frame; `inflatedBytes` is what holding it costs while paused. */
  route(frame: BlazeFrame, inflatedBytes: number): void {
    if (typeof frame.id === 'string' && this.tracker.settle(frame)) return;
    const { action, data } = frame;
    if (MESSAGE_PUSH_ACTIONS.has(action)) {
      // CREATE_CALL and CREATE_KRAKEN carry message views too (FLT acks them READ, docs/protocol.md §3.3): ignored,
      // they would be listed again on every reconnect, so they go to the dispatcher, which acks
      // what no handler takes.
      if (data && typeof data === 'object') this.gate.offer(data, inflatedBytes);
      else this.logger.warn(`dropped a ${action} frame without data (frame id ${logSafe(frame.id)})`);
      return;
    }
    switch (action) {
      case 'ERROR':
        return this.onErrorFrame(frame);
      case 'ACKNOWLEDGE_MESSAGE_RECEIPT':
        // Status changes of messages the bot sent: nothing to handle, nothing to ack (docs/protocol.md §3.3).
        return;
      default:
        if (isMessageView(data)) {
          this.logger.debug(`handling a ${logSafe(action)} push as a message`);
          this.gate.offer(data, inflatedBytes);
        } else this.logger.debug(`ignored a ${logSafe(action)} push`);
    }
  }

  /** A frame that could not be decoded: named, handed on, or logged and dropped. */
  malformed(error: FrameDecodeError, bytes: Buffer): void {
    const recovered = recoverUnreadable(error, bytes, this.limits);
    const id = recovered?.fields.id;
    if (id !== undefined && this.tracker.settle({ id, action: 'ERROR', error: { code: 0, description: `the reply could not be read (${error.reason})` } })) {
      this.logger.warn(`a reply to our request ${logSafe(id)} could not be read (${error.reason}); the request fails`);
      return;
    }
    const message = recovered?.message;
    if (!message) {
      const what = recovered?.fields.action === undefined ? 'a malformed frame' : `an unreadable ${logSafe(recovered.fields.action)} frame`;
      this.logger.warn(`dropped ${what} (${error.reason}): ${logSafe(error.message)}`);
      return;
    }
    // The dispatcher logs it (id, reason) as it dead-letters it; this line only adds the transport's view.
    this.logger.debug(
      `a ${logSafe(recovered.fields.action)} push could not be read whole (${message.reason}): message ${logSafe(message.messageId)}, ` +
        `category ${logSafe(message.category)}, conversation ${logSafe(message.conversationId)}; handing it to the dead-letter path`,
    );
    this.hooks.unreadable(message);
  }

  private onErrorFrame(frame: BlazeFrame): void {
    const error: unknown = frame.error;
    const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
    const description = error && typeof error === 'object' ? (error as { description?: unknown }).description : undefined;
    if (typeof code === 'number' && UNAUTHORIZED_CODES.has(code)) return this.hooks.unauthorized(code);
    if (code === UPDATE_REQUIRED_CODE) return this.hooks.updateRequired(typeof description === 'string' ? description : undefined);
    this.logger.warn(`Blaze sent ERROR code ${logSafe(code ?? '?')}: ${description === undefined ? 'no description' : logSafe(description)}`);
  }
}

// An unknown push that carries a message view (docs/protocol.md §3.4) is a message the server wants acked.
function isMessageView(data: unknown): boolean {
  if (!data || typeof data !== 'object') return false;
  const view = data as Record<string, unknown>;
  return view.type === 'message' && typeof view.message_id === 'string' && typeof view.category === 'string';
}

import type WebSocket from 'ws';
import type { EngineLogger } from '../util/engine-logger.js';
import { newUuid } from '../util/uuid.js';
import { BlazeConnectionError } from './blaze-connection.error.js';
import { encodeFrame, encodeFrameText, type BlazeFrame } from './frame-codec.js';
import type { RequestTracker } from './request-tracker.js';
import { corked } from './socket-cork.js';

/** Writes request frames on an open socket and tracks their replies by id. */
export class SocketRequests {
  constructor(
    private readonly tracker: RequestTracker,
    private readonly timeoutMs: number,
    private readonly logger: EngineLogger,
  ) {}

  /** One request; `ws` is undefined when the connection cannot send now (`state` says why). */
  request(ws: WebSocket | undefined, state: string, action: string, params?: Record<string, unknown>): Promise<BlazeFrame> {
    if (!ws) return notConnected(action, state);
    const id = newUuid();
    const reply = this.tracker.track(id, action, this.timeoutMs);
    ws.send(encodeFrame(params ? { id, action, params } : { id, action }), { binary: true }, this.onSent);
    return reply;
  }

  /**
   * One `action` request per item, in one socket write, answered together: `frameText` writes the
   * JSON of each frame (a template, for requests sent by the thousand: see ack-frames.ts).
   */
  requestAll(ws: WebSocket | undefined, state: string, action: string, items: string[], frameText: (requestId: string, item: string) => string): Promise<void> {
    if (!ws) return notConnected(action, state);
    const ids = items.map(() => newUuid());
    const replies = this.tracker.trackAll(ids, action, this.timeoutMs);
    corked(ws, () => {
      for (let i = 0; i < ids.length; i++) ws.send(encodeFrameText(frameText(ids[i], items[i])), { binary: true }, this.onSent);
    });
    return replies;
  }

  // A failed write also closes the socket, which rejects the request; this only says why.
  private readonly onSent = (err?: Error): void => {
    if (err) this.logger.debug(`a request frame could not be written: ${err.message}`);
  };
}

function notConnected(action: string, state: string): Promise<never> {
  return Promise.reject(new BlazeConnectionError(`cannot send ${action}: Blaze is ${state}`, 'not-connected'));
}

import WebSocket from 'ws';
import type { IncomingMessage } from 'node:http';
import type { EngineLogger } from '../util/engine-logger.js';
import { logSafe, redactUrl } from '../util/log-safe.js';
import { connectionMessages } from './connection-messages.js';
import { frameCeiling } from './unreadable-frame.js';

/** The subprotocol every Blaze client requests (docs/protocol.md §2.1). */
export const BLAZE_SUBPROTOCOL = 'Mixin-Blaze-1';

/**
 * What one socket reports, each with the socket it came from (an old socket may still report).
 * What needs no decision (socket errors, text frames, a frame over the ceiling, an upgrade
 * answered with a status other than 401) the socket logs itself.
 */
export interface BlazeSocketEvents {
  open(ws: WebSocket): void;
  /** A binary frame: one gzip-compressed JSON object. */
  frame(data: Buffer): void;
  /** A ping, a pong or any frame: the server is alive. */
  alive(): void;
  /** The server pinged us (ws has answered it already). */
  pinged(): void;
  /** The upgrade was answered with HTTP 401 (the socket is dropped). */
  unauthorized(headers: IncomingMessage['headers']): void;
  close(ws: WebSocket, code: number, reason: Buffer): void;
}

/**
 * Opens one Blaze websocket: bearer token, subprotocol, handshake timeout, no permessage-deflate
 * (frames are gzip already, docs/protocol.md §2.2). Frames over `maxCompressedBytes` are still received up to a
 * bounded ceiling ({@link frameCeiling}), so that the message they carry can be named and
 * dead-lettered, instead of ws closing the socket (1009) on every reconnect.
 */
export function openBlazeSocket(
  url: string,
  token: string,
  config: { connectTimeoutMs: number; maxCompressedBytes: number },
  on: BlazeSocketEvents,
  logger: EngineLogger,
): WebSocket {
  const ceiling = frameCeiling(config.maxCompressedBytes);
  const ws = new WebSocket(url, BLAZE_SUBPROTOCOL, {
    headers: { Authorization: `Bearer ${token}` },
    handshakeTimeout: config.connectTimeoutMs,
    maxPayload: ceiling,
    perMessageDeflate: false,
  });
  ws.on('open', () => on.open(ws));
  ws.on('message', (data, isBinary) => {
    on.alive();
    if (isBinary) on.frame(data as Buffer);
    else logger.warn('dropped a text frame: Blaze frames are binary gzip');
  });
  ws.on('pong', on.alive);
  ws.on('ping', () => {
    on.alive();
    on.pinged();
  });
  ws.on('unexpected-response', (_req, res) => {
    res.resume();
    ws.terminate();
    if (res.statusCode === 401) on.unauthorized(res.headers);
    else logger.warn(`Blaze upgrade to ${redactUrl(url)} answered HTTP ${logSafe(res.statusCode)}`);
  });
  ws.on('error', (err) =>
    (err as NodeJS.ErrnoException).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
      ? logger.error(connectionMessages.overCeiling(ceiling))
      : logger.warn(`Blaze socket error on ${redactUrl(url)}: ${logSafe(err.message, 300)}`),
  );
  ws.on('close', (code, reason) => on.close(ws, code, reason));
  return ws;
}

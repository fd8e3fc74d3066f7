import WebSocket, { type RawData } from 'ws';
import type { IncomingMessage } from 'node:http';
import { frameCeiling } from './unreadable-frame.js';

/** The subprotocol every Blaze client requests (blaze-protocol.md §2.1). */
export const BLAZE_SUBPROTOCOL = 'Mixin-Blaze-1';

/** What one socket reports, each with the socket it came from (an old socket may still report). */
export interface BlazeSocketEvents {
  open(ws: WebSocket): void;
  frame(data: RawData, isBinary: boolean): void;
  /** A ping or pong: the server is alive. */
  alive(): void;
  /** The server pinged us (ws has answered it already). */
  pinged(): void;
  /** The upgrade was answered with an HTTP status other than 101 (the socket is dropped). */
  rejected(status: number | undefined, headers: IncomingMessage['headers']): void;
  /** A frame over the ceiling arrived: ws closes the socket with 1009. */
  overCeiling(ceiling: number): void;
  error(err: Error): void;
  close(ws: WebSocket, code: number, reason: Buffer): void;
}

/**
 * Opens one Blaze websocket: bearer token, subprotocol, handshake timeout, no permessage-deflate
 * (frames are gzip already, §2.2). Frames over `maxCompressedBytes` are still received up to a
 * bounded ceiling ({@link frameCeiling}), so that the message they carry can be named and
 * dead-lettered, instead of ws closing the socket (1009) on every reconnect.
 */
export function openBlazeSocket(url: string, token: string, config: { connectTimeoutMs: number; maxCompressedBytes: number }, on: BlazeSocketEvents): WebSocket {
  const ceiling = frameCeiling(config.maxCompressedBytes);
  const ws = new WebSocket(url, BLAZE_SUBPROTOCOL, {
    headers: { Authorization: `Bearer ${token}` },
    handshakeTimeout: config.connectTimeoutMs,
    maxPayload: ceiling,
    perMessageDeflate: false,
  });
  ws.on('open', () => on.open(ws));
  ws.on('message', on.frame);
  ws.on('pong', on.alive);
  ws.on('ping', () => {
    on.alive();
    on.pinged();
  });
  ws.on('unexpected-response', (_req, res) => {
    res.resume();
    ws.terminate();
    on.rejected(res.statusCode, res.headers);
  });
  ws.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? on.overCeiling(ceiling) : on.error(err)));
  ws.on('close', (code, reason) => on.close(ws, code, reason));
  return ws;
}

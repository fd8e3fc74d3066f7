import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { UNAUTHORIZED_BODY } from './emulator-auth.js';
import { handleHttp, type HttpContext } from './emulator-http.js';
import { EmulatorConnection, type ConnectionContext } from './emulator-socket.js';
import { applyOnOpen } from './emulator-socket-faults.js';

/** The subprotocol every Blaze client requests (docs/protocol.md §2.1). */
export const BLAZE_SUBPROTOCOL = 'Mixin-Blaze-1';

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' };

/**
 * The listening part of the emulator: one http.Server for both the websocket upgrade at `/`
 * and the HTTP API. It can stop and listen again on the same port; state lives in the store.
 */
export class EmulatorServer {
  readonly live = new Set<EmulatorConnection>();
  private server?: Server;
  // Every TCP socket, upgraded or refused included, so stop() never waits on a slow peer.
  private readonly sockets = new Set<Socket>();
  private nextId = 0;
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1 << 20,
    handleProtocols: (protocols) => (protocols.has(BLAZE_SUBPROTOCOL) ? BLAZE_SUBPROTOCOL : false),
  });

  constructor(private readonly ctx: ConnectionContext & HttpContext) {}

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  async listen(port: number): Promise<number> {
    if (this.server) throw new Error('BlazeEmulator is already listening');
    const server = createServer((req, res) => {
      handleHttp(this.ctx, req, res).catch((err: Error) => {
        this.ctx.log(`http handler failed: ${err.message}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => undefined);
      void this.upgrade(req, socket, head);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /** Terminates sockets (websocket, hung, keep-alive) and stops listening. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const conn of this.live) conn.terminate();
    this.releaseHung('acks');
    this.releaseHung('sends');
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  releaseHung(kind: 'acks' | 'sends'): void {
    for (const req of this.ctx.hung[kind]) req.socket.destroy();
    this.ctx.hung[kind].clear();
  }

  private refuse(socket: Duplex, status: number, reason: string, body = ''): void {
    this.ctx.store.recordRefusal({ kind: 'upgrade', via: 'socket', reason });
    this.ctx.log(`upgrade refused: ${status} (${reason})`);
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { store, faults } = this.ctx;
    store.connectionAttempts++;
    const pathWithQuery = req.url ?? '/';
    if (new URL(pathWithQuery, 'http://emulator').pathname !== '/') {
      return this.refuse(socket, 404, `upgrade on ${pathWithQuery}`);
    }
    const check = await this.ctx.verifier.check(req.headers.authorization, 'GET', pathWithQuery, '');
    store.recordToken({ method: 'GET', path: pathWithQuery, ...check });
    if (faults.rejectAuth === 'upgrade') return this.refuse(socket, 401, 'injected rejectAuth(upgrade)', UNAUTHORIZED_BODY);
    if (!check.valid) return this.refuse(socket, 401, check.reason ?? 'invalid token', UNAUTHORIZED_BODY);
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    // ws's handleProtocols alone would accept a client that offers no subprotocol at all.
    if (!offered.includes(BLAZE_SUBPROTOCOL)) return this.refuse(socket, 400, `subprotocol ${BLAZE_SUBPROTOCOL} required`);
    if (!this.listening) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new EmulatorConnection(++this.nextId, ws, this.ctx);
      this.live.add(conn);
      ws.on('close', () => this.live.delete(conn));
      store.connectionOpened(conn.id);
      this.ctx.log(`conn#${conn.id} open`);
      if (faults.rejectAuth === 'frame') {
        store.recordRefusal({ kind: 'frame-auth', via: 'socket', reason: 'injected rejectAuth(frame)' });
        conn.refuseAuth();
      }
      const onOpen = this.ctx.socketFaults.onOpen;
      if (onOpen) {
        this.ctx.log(`conn#${conn.id} suffers an on-open fault`);
        applyOnOpen(conn, onOpen);
      }
    });
  }
}

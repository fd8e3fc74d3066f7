import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BadPlaygroundRequest, BOB_USER_ID, messageFor, startingConversations } from './playground-actions.js';
import { encodeEvent, PlaygroundFeed } from './playground-feed.js';
import { PLAYGROUND_HTML, PLAYGROUND_CSS } from './playground-page.js';
import { PLAYGROUND_RENDER_JS } from './playground-render.js';
import { PLAYGROUND_APP_JS } from './playground-app.js';
import { PlaygroundStreams } from './playground-sse.js';
import type { Playground, PlaygroundHost, PlaygroundOptions, PlaygroundReport } from './playground-types.js';

/** The emulator binds loopback only; the page is plaintext and unauthenticated, so it does too. */
const HOST = '127.0.0.1';
const MAX_BODY = 16 * 1024;

// Nothing is loaded from elsewhere, and even a renderer bug could not run injected script.
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const STATIC: Record<string, { type: string; body: string }> = {
  '/': { type: 'text/html; charset=utf-8', body: PLAYGROUND_HTML },
  '/playground.css': { type: 'text/css; charset=utf-8', body: PLAYGROUND_CSS },
  '/playground.js': { type: 'text/javascript; charset=utf-8', body: `${PLAYGROUND_RENDER_JS}\n${PLAYGROUND_APP_JS}` },
};

/**
 * Serves the playground page for one emulator on loopback: the page, its event stream
 * (`GET /events`) and `POST /api/send`, through which the page speaks as a user.
 */
export class PlaygroundServer implements Playground {
  private readonly feed: PlaygroundFeed;
  private readonly streams: PlaygroundStreams;
  private readonly users: Array<{ name: string; userId: string }>;
  private readonly userIds: Set<string>;
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private currentPort = 0;

  constructor(private readonly host: PlaygroundHost, options: PlaygroundOptions = {}) {
    this.users = options.users?.length ? options.users.map((u) => ({ ...u })) : [
      { name: 'Alice', userId: host.userId },
      { name: 'Bob', userId: BOB_USER_ID },
    ];
    this.userIds = new Set(this.users.map((u) => u.userId));
    this.feed = new PlaygroundFeed(host);
    const hello = encodeEvent({ t: 'hello', bot: host.botUserId, users: this.users, conversations: startingConversations(host, this.users) });
    this.streams = new PlaygroundStreams(this.feed, () => hello);
  }

  get port(): number {
    return this.currentPort;
  }
  get url(): string {
    return `http://${HOST}:${this.currentPort}/`;
  }
  /** Pages connected now, and how many were cut off for reading too slowly. */
  get streamStats(): { open: number; dropped: number } {
    return { open: this.streams.size, dropped: this.streams.dropped };
  }

  async listen(port = 0): Promise<void> {
    const server = createServer((req, res) => this.route(req, res));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.currentPort = (server.address() as AddressInfo).port;
  }

  report(report: PlaygroundReport): void {
    this.feed.report(report);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.feed.close();
    this.streams.closeAll();
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    // A web page elsewhere may point its scripts at 127.0.0.1 (or a DNS name rebound to it):
    // only requests addressed to this very host and port are answered.
    const allowed = [`${HOST}:${this.currentPort}`, `localhost:${this.currentPort}`];
    if (!allowed.includes(req.headers.host ?? '')) return this.plain(res, 421, 'wrong Host\n');
    const path = new URL(req.url ?? '/', 'http://playground').pathname;
    if (req.method === 'GET' && path === '/events') return this.streams.attach(res);
    if (req.method === 'POST' && path === '/api/send') {
      void this.send(req, res, allowed).catch(() => this.plain(res, 500, 'send failed\n'));
      return;
    }
    const file = STATIC[path];
    if (req.method !== 'GET' || !file) return this.plain(res, 404, 'not found\n');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.type }).end(file.body);
  }

  private async send(req: IncomingMessage, res: ServerResponse, allowed: string[]): Promise<void> {
    // JSON only: a cross-site form cannot send it without a CORS preflight, which gets a 404.
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.some((h) => origin === `http://${h}`)) return this.plain(res, 403, 'cross-origin request refused\n');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return this.plain(res, 415, 'send application/json\n');
    const raw = await readBody(req, MAX_BODY);
    if (raw === undefined) return this.plain(res, 413, `body over ${MAX_BODY} bytes\n`);
    let view;
    try {
      view = this.host.userSends(messageFor(JSON.parse(raw) as unknown, this.host, this.userIds));
    } catch (err) {
      if (err instanceof BadPlaygroundRequest || err instanceof SyntaxError) return this.plain(res, 400, `${err.message}\n`);
      throw err;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify({ messageId: view.message_id }));
  }

  private plain(res: ServerResponse, status: number, text: string): void {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', Connection: 'close' }).end(text);
  }
}

/** The body as UTF-8, or undefined once it passes `max` bytes (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

import type { ServerResponse } from 'node:http';
import type { PlaygroundFeed } from './playground-feed.js';

/**
 * Bytes a page may leave unread before it is dropped. A slow or frozen tab stops reading; rather
 * than queue without end, the server cuts it off, and the browser's EventSource reconnects and
 * gets the (bounded) history again. Room for a full replay plus some live traffic.
 */
export const MAX_UNREAD_BYTES = 2 * 1024 * 1024;
/** Pages connected at once; more get 503 (each may hold MAX_UNREAD_BYTES). */
export const MAX_STREAMS = 16;
const HEARTBEAT_MS = 15_000;

/** The open event streams of one playground. */
export class PlaygroundStreams {
  private readonly open = new Set<ServerResponse>();
  /** Streams cut off for reading too slowly, for tests and curiosity. */
  dropped = 0;

  constructor(private readonly feed: PlaygroundFeed, private readonly hello: () => string) {}

  get size(): number {
    return this.open.size;
  }

  /** Starts streaming to `res`: hello, the history, then live events. */
  attach(res: ServerResponse): void {
    if (this.open.size >= MAX_STREAMS) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5' }).end('too many playground pages open\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    this.open.add(res);
    // One write for the whole replay: fewer syscalls, and the unread check below sees it at once.
    res.write(`retry: 1000\n\n${this.hello()}${this.feed.replay().join('')}`);
    const unsubscribe = this.feed.subscribe((chunk) => this.send(res, chunk));
    const heartbeat = setInterval(() => this.send(res, ': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(res);
    };
    res.once('close', cleanup);
    res.once('error', cleanup);
  }

  /** Ends every stream (server closing). */
  closeAll(): void {
    for (const res of this.open) res.destroy();
    this.open.clear();
  }

  private send(res: ServerResponse, chunk: string): void {
    if (res.destroyed) return;
    if (res.writableLength + chunk.length > MAX_UNREAD_BYTES) {
      this.dropped++;
      this.open.delete(res);
      res.destroy();
      return;
    }
    res.write(chunk);
  }
}

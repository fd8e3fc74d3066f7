import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpTransport, HttpTransportError } from './http-transport.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server whose behaviour each test sets; records when each response stream closed. */
class TestServer {
  handler: Handler = (_req, res) => res.end('{}');
  closedAt: number[] = [];
  written = 0;
  private readonly server: Server = createServer((req, res) => {
    res.once('close', () => this.closedAt.push(Date.now()));
    this.handler(req, res);
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Writes `chunk` forever, as fast as the client reads, until the client goes away. */
  endless(chunk: Buffer): Handler {
    return (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const more = () => {
        while (!res.destroyed) {
          this.written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
      };
      more();
    };
  }
}

/** Rejects if `promise` has not settled within `ms`: the bound that fails when a limit is missing. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} not settled within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('HttpTransport limits', () => {
  let server: TestServer;
  let base: string;
  let transport: HttpTransport;
  beforeEach(async () => {
    server = new TestServer();
    base = await server.listen();
    transport = new HttpTransport(base);
  });
  afterEach(async () => {
    transport.close();
    await server.close();
  });

  const get = (timeoutMs = 5000, maxBodyBytes?: number) =>
    transport.request({ method: 'GET', url: `${base}/x`, headers: { Authorization: 'Bearer SECRET-TOKEN-VALUE' }, timeoutMs, maxBodyBytes });

  it('returns status, body and headers of a normal response', async () => {
    server.handler = (_req, res) => res.writeHead(429, { 'Retry-After': '3' }).end('{"error":{}}');
    await expect(get()).resolves.toMatchObject({ status: 429, body: '{"error":{}}', headers: { 'retry-after': '3' } });
  });

  it('counts the deadline from the start to the end of the body: a trickling server cannot hold the request', async () => {
    let timer: NodeJS.Timeout | undefined;
    server.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // One byte every 50 ms, forever: an idle timeout of 400 ms would never fire.
      timer = setInterval(() => res.write(' '), 50);
      res.once('close', () => clearInterval(timer));
    };
    const started = Date.now();
    const err = await within(get(400).catch((e: unknown) => e), 3000, 'the trickled request');
    expect(err).toBeInstanceOf(HttpTransportError);
    expect((err as Error).message).toBe('no complete response within 400 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    await within(waitUntil(() => server.closedAt.length === 1), 2000, 'the server to see the request go away');
    clearInterval(timer);
  });

  it('caps the body: an endless response is cut at the limit, and the request is destroyed', async () => {
    server.handler = server.endless(Buffer.alloc(64 * 1024, 0x20));
    const err = await within(get(20_000).catch((e: unknown) => e), 10_000, 'the endless response');
    expect((err as Error).message).toBe('response body exceeds the 4194304-byte limit');
    await within(waitUntil(() => server.closedAt.length === 1), 2000, 'the server to see the request go away');
    // What the server managed to write before the client went away: the cap plus socket buffers.
    expect(server.written).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    server.handler = (_req, res) => res.writeHead(200, { 'Content-Length': '2000' }).end('x'.repeat(2000));
    await expect(get(5000, 1000)).rejects.toThrow('response body of 2000 bytes exceeds the 1000-byte limit');
    server.handler = (_req, res) => res.end('y'.repeat(1000));
    await expect(get(5000, 1000)).resolves.toMatchObject({ body: 'y'.repeat(1000) });
  });

  it('rejects when the server cuts the body short', async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"data":', () => res.destroy());
    };
    const err = (await within(get().catch((e: unknown) => e), 5000, 'the cut response')) as Error;
    expect(err).toBeInstanceOf(HttpTransportError);
    expect(err.message).toMatch(/^(connection closed before the response ended|ECONNRESET)$/);
  });

  it('names a network failure by its code only, with the cause kept', async () => {
    await server.close();
    const err = (await get().catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('ECONNREFUSED');
    expect(err.cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('rejects an unusable header value without echoing it', async () => {
    const err = (await transport
      .request({ method: 'GET', url: `${base}/x`, headers: { Authorization: 'Bearer SECRET\nTOKEN' }, timeoutMs: 1000 })
      .catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(HttpTransportError);
    expect(err.message).toBe('ERR_INVALID_CHAR');
    expect(err.cause).toBeUndefined();
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

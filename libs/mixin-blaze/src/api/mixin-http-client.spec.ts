import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenSigner } from '../auth/token-signer.js';
import { HttpTransportError } from './http-transport.js';
import { MixinApiError } from './mixin-api.error.js';
import { MixinHttpClient } from './mixin-http-client.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';

const TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzZWNyZXQiOnRydWV9.c2lnbmF0dXJlLXNlY3JldA';
const signer = { sign: () => Promise.resolve(TOKEN) } as unknown as TokenSigner;

describe('MixinHttpClient errors', () => {
  let server: Server;
  let port: number;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  const clients: MixinHttpClient[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function client(timeoutMs = 2000, base = `http://127.0.0.1:${port}`): MixinHttpClient {
    const c = new MixinHttpClient(base, signer, timeoutMs);
    clients.push(c);
    return c;
  }
  const fail = (c: MixinHttpClient, path = '/acknowledgements?x=1') =>
    c.request('POST', path, [{ message_id: 'm', status: 'READ' }]).then(
      () => {
        throw new Error('expected a rejection');
      },
      (err: unknown) => err as MixinApiError,
    );

  it('reads a Mixin error body even under a 2xx status, and quotes its description escaped and cut', async () => {
    handler = (_req, res) => res.writeHead(202).end(JSON.stringify({ error: { status: 202, code: 10002, description: `bad\n${'d'.repeat(500)}` } }));
    const err = await fail(client());
    expect(err).toBeInstanceOf(MixinApiError);
    expect({ status: err.status, code: err.code, retryAfterMs: err.retryAfterMs }).toEqual({ status: 202, code: 10002, retryAfterMs: undefined });
    expect(err.message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/acknowledgements failed: code 10002 bad\\nd+…\(504 chars\)$/);
  });

  it('keeps credentials of the base URL and the token out of the message, and the cause of a transport failure', async () => {
    handler = () => undefined; // never answers
    const err = await fail(client(200, `http://user:hunter2@127.0.0.1:${port}`));
    expect(err.status).toBe(0);
    expect(err.message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/acknowledgements failed: no complete response within 200 ms$/);
    expect(err.message).not.toContain('hunter2');
    expect(err.message).not.toContain(TOKEN);
    expect(err.cause).toBeInstanceOf(HttpTransportError);
  });

  it('exposes Retry-After on a 429, in seconds or as an HTTP-date, bounded to five minutes', async () => {
    const c = client();
    handler = (_req, res) => res.writeHead(429, { 'Retry-After': '3' }).end('{"error":{"status":429,"code":429,"description":"Too Many Requests"}}');
    expect(await fail(c)).toMatchObject({ status: 429, code: 429, retryAfterMs: 3000, message: expect.stringContaining('(retry after 3000 ms)') });
    handler = (_req, res) => res.writeHead(429, { 'Retry-After': '86400' }).end();
    expect((await fail(c)).retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
    const date = new Date(Date.now() + 60_000).toUTCString();
    handler = (_req, res) => res.writeHead(503, { 'Retry-After': date }).end();
    const fromDate = (await fail(c)).retryAfterMs!;
    expect(fromDate).toBeGreaterThan(55_000);
    expect(fromDate).toBeLessThanOrEqual(60_000);
    handler = (_req, res) => res.writeHead(400, { 'Retry-After': '3' }).end('not json');
    expect(await fail(c)).toMatchObject({ status: 400, code: undefined, retryAfterMs: undefined, message: expect.stringMatching(/failed: HTTP 400$/) });
  });

  it('parses Retry-After per RFC 9110 and ignores what it cannot read', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 12 ', now)).toBe(12_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0); // in the past
    for (const bad of [undefined, '', '-5', '1.5', 'soon', 'x'.repeat(100)]) expect(parseRetryAfter(bad, now)).toBeUndefined();
    expect(parseRetryAfter(['7', '9'], now)).toBe(7000);
  });
});

/**
 * Test-only helpers for the emulator's own specs: a hand-rolled token signer and a raw
 * Blaze client, written against the protocol reference rather than the library.
 * Not exported from the package barrel.
 */
import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, type BlazeFrame } from '../transport/frame-codec.js';
import { privateKeyFromSeed, type TestKeystore } from './test-keystore.js';

export interface SignOptions {
  method?: string;
  path?: string;
  body?: string;
  /** Claims merged over the defaults (use `undefined` to drop one). */
  claims?: Record<string, unknown>;
  /** Sign with another key (bad-signature tests). */
  key?: KeyObject;
}

/** Signs a bot session token the way docs/protocol.md §1.2 describes. */
export async function signTestToken(keystore: TestKeystore, opts: SignOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const sig = createHash('sha256')
    .update((opts.method ?? 'GET') + (opts.path ?? '/') + (opts.body ?? ''))
    .digest('hex');
  const claims: Record<string, unknown> = {
    uid: keystore.app_id,
    sid: keystore.session_id,
    iat: now,
    exp: now + 3600,
    jti: randomUUID(),
    sig,
    scp: 'FULL',
    ...opts.claims,
  };
  for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .sign(opts.key ?? privateKeyFromSeed(keystore.session_private_key));
}

/** Why a connect attempt failed at the HTTP level. */
export class UpgradeRefused extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`upgrade refused with ${status}`);
  }
}

/** Rejects after `ms` naming `what`; the timer never outlives the race. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A minimal Blaze client over `ws` that records every frame it receives. */
export class RawBlazeClient {
  readonly frames: BlazeFrame[] = [];
  readonly textFrames: string[] = [];
  /** Count of message pushes so far (kept incrementally: backlog tests receive 100k). */
  pushCount = 0;
  readonly closed: Promise<number>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        const frame = decodeFrame(data, { maxCompressedBytes: 1 << 24, maxInflatedBytes: 1 << 26 });
        this.frames.push(frame);
        if (frame.action === 'CREATE_MESSAGE' && frame.data) this.pushCount++;
      } else this.textFrames.push(data.toString('utf8'));
      for (const w of this.waiters) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => {
      resolve(code);
      for (const w of this.waiters) w();
    }));
  }

  static async connect(
    url: string,
    opts: { token?: string; protocol?: string | null; autoPong?: boolean } = {},
  ): Promise<RawBlazeClient> {
    const headers = opts.token === undefined ? {} : { Authorization: `Bearer ${opts.token}` };
    const protocol = opts.protocol === undefined ? 'Mixin-Blaze-1' : opts.protocol;
    const ws = new WebSocket(url, protocol === null ? [] : [protocol], { headers, autoPong: opts.autoPong ?? true });
    const client = new RawBlazeClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => {
          req.destroy();
          reject(new UpgradeRefused(res.statusCode ?? 0, body));
        });
      });
      ws.once('error', reject);
    });
    return client;
  }

  send(frame: BlazeFrame): void {
    this.ws.send(encodeFrame(frame), { binary: true });
  }

  /** Sends a request and resolves with the reply carrying the same id. */
  request(action: string, params?: Record<string, unknown>, timeoutMs = 5000): Promise<BlazeFrame> {
    const id = randomUUID();
    this.send({ id, action, ...(params ? { params } : {}) });
    return this.waitFrame((f) => f.id === id, timeoutMs, `the reply to ${action}`);
  }

  /** Resolves with the first received frame (past or future) matching `predicate`. */
  waitFrame(predicate: (f: BlazeFrame) => boolean, timeoutMs: number, what: string): Promise<BlazeFrame> {
    return this.waitUntil(() => this.frames.find(predicate), timeoutMs, what);
  }

  /** Frames that push a message (CREATE_MESSAGE with data). */
  pushes(): { message_id: string; source: string; data?: string; data_base64?: string }[] {
    return this.frames.filter((f) => f.action === 'CREATE_MESSAGE' && f.data).map((f) => f.data as never);
  }

  waitPushes(n: number, timeoutMs: number): Promise<ReturnType<RawBlazeClient['pushes']>> {
    return this.waitUntil(() => (this.pushCount >= n ? this.pushes() : undefined), timeoutMs, `${n} pushes`);
  }

  ack(messageId: string): Promise<BlazeFrame> {
    return this.request('ACKNOWLEDGE_MESSAGE_RECEIPT', { message_id: messageId, status: 'READ' });
  }

  waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    let waiter!: () => void;
    const found = new Promise<T>((resolve) => {
      waiter = () => {
        const v = check();
        if (v !== undefined) resolve(v);
      };
      this.waiters.add(waiter);
    });
    return withDeadline(found, timeoutMs, what).finally(() => this.waiters.delete(waiter));
  }

  async close(): Promise<void> {
    this.ws.terminate();
    await this.closed;
  }
}

/** Calls the emulator's HTTP API with a correctly signed token (unless `token` is given). */
export async function apiCall(
  apiUrl: string,
  keystore: TestKeystore,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; json: any }> {
  const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const auth = token ?? (await signTestToken(keystore, { method, path, body: raw }));
  const res = await fetch(apiUrl + path, {
    method,
    headers: { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json' },
    body: method === 'GET' ? undefined : raw,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

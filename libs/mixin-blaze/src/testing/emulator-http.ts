import type { IncomingMessage, ServerResponse } from 'node:http';
import { TokenVerifier, UNAUTHORIZED_BODY, type TokenCheck } from './emulator-auth.js';
import type { MicroClock } from './emulator-feed.js';
import { streamForever, type FaultState, type FailureRule } from './emulator-faults.js';
import { isUuid } from './emulator-ids.js';
import { parseOutbound, sentView, type OutboundMessage } from './emulator-outbound.js';
import type { EmulatorStore } from './emulator-store.js';

/** Per-emulator state the HTTP routes use. */
export interface HttpContext {
  store: EmulatorStore;
  faults: FaultState;
  verifier: TokenVerifier;
  clock: MicroClock;
  botUserId: string;
  sessionId: string;
  /** Requests held open by a 'hang', 'endless' or 'trickle' failure, released by `failAcks(false)` or close. */
  hung: { acks: Set<IncomingMessage>; sends: Set<IncomingMessage> };
  log: (line: string) => void;
  /** How far the server's clock is off the real one (option `clockSkewMs`); 0 when absent. */
  clockSkewMs?: number;
}

const MAX_BODY = 1 << 20;
const MAX_MESSAGES_BODY = 128 * 1024;
const MAX_BATCH = 100;

class HttpError extends Error {
  constructor(readonly status: number, readonly code: number, description: string) {
    super(description);
  }
}

/**
 * TokenVerifier on a server clock `skewMs` off the real one: the same rules (`iat` at most 5 minutes
 * ahead, `exp` not past) judged by that clock, so a skewed emulator refuses the tokens of a client
 * whose clock is off by more than Mixin allows (docs/protocol.md §1.3), at the upgrade and over HTTP alike.
 */
export class SkewedTokenVerifier extends TokenVerifier {
  constructor(keystore: ConstructorParameters<typeof TokenVerifier>[0], private readonly skewMs: number) {
    super(keystore);
  }

  override async check(...args: Parameters<TokenVerifier['check']>): Promise<TokenCheck> {
    const result = await super.check(...args);
    if (!result.valid || !result.claims) return result;
    const serverNow = (Date.now() + this.skewMs) / 1000;
    const { iat, exp } = result.claims as { iat: number; exp: number };
    if (iat > serverNow + 5 * 60) return { ...result, valid: false, reason: 'iat more than 5 minutes ahead of the server clock' };
    if (exp <= serverNow) return { ...result, valid: false, reason: 'token expired by the server clock' };
    return result;
  }
}

/** The server's clock on every response: `Date` and `X-Server-Time`, skewed with `clockSkewMs`. */
function stampServerTime(ctx: HttpContext, res: ServerResponse): void {
  const now = Date.now() + (ctx.clockSkewMs ?? 0);
  res.setHeader('Date', new Date(now).toUTCString());
  // Nanoseconds, as the real API sends it (FLT reads it to detect clock skew on 401).
  res.setHeader('X-Server-Time', (BigInt(now) * 1_000_000n).toString());
}

function respond(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' }).end(body);
}

function errorBody(status: number, code: number, description: string): string {
  return JSON.stringify({ error: { status, code, description } });
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY ? Buffer.concat(chunks) : undefined));
    req.on('error', () => resolve(undefined));
  });
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 400, 'body is not valid JSON');
  }
}

/** Serves one HTTP API request: auth first, then the three routes. */
export async function handleHttp(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const pathWithQuery = req.url ?? '/';
  stampServerTime(ctx, res);
  const body = await readBody(req);
  if (!body) return respond(res, 413, errorBody(413, 413, 'request body too large'));
  const check = await ctx.verifier.check(req.headers.authorization, method, pathWithQuery, body);
  ctx.store.recordToken({ method, path: pathWithQuery, ...check });
  if (!check.valid) {
    ctx.log(`http ${method} ${pathWithQuery} -> 401 (${check.reason})`);
    return respond(res, 401, UNAUTHORIZED_BODY);
  }
  const path = new URL(pathWithQuery, 'http://emulator').pathname;
  try {
    let data: unknown;
    if (method === 'POST' && path === '/acknowledgements') {
      if (failed(ctx, 'acks', req, res)) return;
      data = acknowledgements(ctx, parseJson(body));
    } else if (method === 'POST' && path === '/messages') {
      if (body.length > MAX_MESSAGES_BODY) throw new HttpError(400, 10002, 'body exceeds 128 KB');
      if (failed(ctx, 'sends', req, res)) return;
      data = messages(ctx, parseJson(body));
    } else if (method === 'GET' && path === '/me') {
      data = me(ctx);
    } else {
      throw new HttpError(404, 404, 'The endpoint is not found.');
    }
    ctx.log(`http ${method} ${path} -> 200`);
    respond(res, 200, JSON.stringify({ data }));
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    ctx.log(`http ${method} ${path} -> ${err.status} (${err.message})`);
    respond(res, err.status, errorBody(err.status, err.code, err.message));
  }
}

/** Applies an injected failure; returns true when the request was taken over by it. */
function failed(ctx: HttpContext, kind: 'acks' | 'sends', req: IncomingMessage, res: ServerResponse): boolean {
  const rule: FailureRule | undefined = ctx.faults.take(kind);
  if (!rule) return false;
  ctx.store.recordRefusal({ kind: kind === 'acks' ? 'ack' : 'send', via: 'http', reason: `injected ${rule.mode}` });
  if (rule.mode === 'reset') {
    req.socket.destroy();
  } else if (rule.mode === 'hang' || rule.mode === 'endless' || rule.mode === 'trickle') {
    // Held like a hung request, so that clearing the fault or stopping the emulator cuts it.
    ctx.hung[kind].add(req);
    req.socket.once('close', () => ctx.hung[kind].delete(req));
    if (rule.mode !== 'hang') streamForever(ctx.faults, kind, rule, res);
  } else {
    const headers: Record<string, string> = rule.retryAfter === undefined ? {} : { 'Retry-After': rule.retryAfter };
    respond(res, rule.status, errorBody(rule.status, rule.status, 'injected failure'), headers);
  }
  return true;
}

function acknowledgements(ctx: HttpContext, body: unknown): unknown {
  if (!Array.isArray(body)) throw new HttpError(400, 10002, 'body must be an array of acknowledgements');
  if (body.length > MAX_BATCH) throw new HttpError(400, 10002, `at most ${MAX_BATCH} acknowledgements per request`);
  const entries = body.map((e: unknown, i) => {
    const entry = e as { message_id?: unknown; status?: unknown } | null;
    if (!entry || !isUuid(entry.message_id) || typeof entry.status !== 'string') {
      throw new HttpError(400, 10002, `acknowledgement ${i} needs a uuid message_id and a status`);
    }
    return { message_id: entry.message_id, status: entry.status };
  });
  // One entry the server will not take spoils the whole request, as a malformed one does above.
  const refused = entries.findIndex((e) => ctx.faults.refusedAcks.has(e.message_id));
  if (refused >= 0) {
    ctx.store.recordRefusal({ kind: 'ack', via: 'http', reason: `injected refuseAckOf(${entries[refused].message_id})` });
    throw new HttpError(400, 10002, `acknowledgement ${refused}: invalid request data`);
  }
  for (const e of entries) ctx.store.ack(e.message_id, e.status, 'http');
  return entries;
}

function messages(ctx: HttpContext, body: unknown): unknown {
  const batch = Array.isArray(body);
  const items = batch ? (body as unknown[]) : [body];
  if (items.length === 0 || items.length > MAX_BATCH) {
    throw new HttpError(400, 10002, `send between 1 and ${MAX_BATCH} messages per request`);
  }
  // Validate everything before recording anything: a rejected batch leaves no trace.
  const parsed: OutboundMessage[] = items.map((item, i) => {
    const result = parseOutbound(item);
    if (!result.ok) throw new HttpError(400, 10002, batch ? `message ${i}: ${result.description}` : result.description);
    return result.message;
  });
  const views = parsed.map((m) => {
    ctx.store.recordSent({ ...m, via: 'http' });
    return sentView(m, ctx.botUserId, ctx.clock.now());
  });
  return batch ? views : views[0];
}

function me(ctx: HttpContext): unknown {
  return {
    type: 'user',
    user_id: ctx.botUserId,
    identity_number: '7000000000',
    full_name: 'Emulated bot',
    app_id: ctx.botUserId,
    session_id: ctx.sessionId,
    biography: '',
    avatar_url: '',
    relationship: 'ME',
    is_verified: false,
    created_at: '2024-01-01T00:00:00.000000Z',
  };
}

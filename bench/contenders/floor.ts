/**
 * The floor: the least a Blaze client can do. ws + zlib + JSON, no framework, no validation
 * beyond reading the payload; acks in batches of 100 over signed POST /acknowledgements on a
 * keep-alive agent (4 requests in flight, like the library's default). Its throughput is the
 * practical limit of this machine (or of the emulator, when the server process saturates first).
 */
import { createHash, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { Agent, request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { endpointFromEnv, OrderTracker, runContender } from '../shared.js';

const BATCH = 100;
const FLUSH_MS = 10;
const IN_FLIGHT = 4;

const endpoint = endpointFromEnv();
const { keystore } = endpoint;
const privateKey: KeyObject = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(keystore.session_private_key, 'hex')]),
  format: 'der',
  type: 'pkcs8',
});
const JWT_HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');

/** The Mixin bot token (docs/protocol.md §1.2): EdDSA JWT whose `sig` is sha256(METHOD + path + body). */
function token(method: string, path: string, body: string): string {
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    uid: keystore.app_id,
    sid: keystore.session_id,
    iat,
    exp: iat + 600,
    jti: randomUUID(),
    sig: createHash('sha256').update(method + path + body).digest('hex'),
    scp: 'FULL',
  };
  const unsigned = `${JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${unsigned}.${sign(null, Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

const tracker = new OrderTracker();
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
const api = new URL(endpoint.apiUrl);
const pending: string[] = [];
let inFlight = 0;
let timer: NodeJS.Timeout | undefined;
let ws: WebSocket | undefined;

function post(ids: string[], attempt = 1): void {
  inFlight++;
  const body = JSON.stringify(ids.map((message_id) => ({ message_id, status: 'READ' })));
  const req = request(
    {
      host: api.hostname,
      port: api.port,
      path: '/acknowledgements',
      method: 'POST',
      agent,
      headers: {
        Authorization: `Bearer ${token('POST', '/acknowledgements', body)}`,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      },
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        inFlight--;
        if (res.statusCode !== 200) retry(ids, attempt);
        else pump();
      });
    },
  );
  req.on('error', () => {
    inFlight--;
    retry(ids, attempt);
  });
  req.end(body);
}

function retry(ids: string[], attempt: number): void {
  if (attempt >= 10) {
    console.error(`floor: dropping ${ids.length} acks after ${attempt} attempts`);
    return;
  }
  setTimeout(() => post(ids, attempt + 1), 20 * attempt);
}

/** Sends full batches while fewer than IN_FLIGHT requests are out; a partial batch waits FLUSH_MS. */
function pump(): void {
  while (inFlight < IN_FLIGHT && pending.length >= BATCH) post(pending.splice(0, BATCH));
  if (pending.length > 0 && !timer) timer = setTimeout(flushPartial, FLUSH_MS);
}

function flushPartial(): void {
  timer = undefined;
  if (pending.length > 0 && inFlight < IN_FLIGHT) post(pending.splice(0, BATCH));
  pump();
}

function onFrame(bytes: Buffer): void {
  const frame = JSON.parse(gunzipSync(bytes).toString('utf8')) as {
    action?: string;
    data?: { message_id?: string; category?: string; data?: string };
  };
  const data = frame.data;
  if (frame.action !== 'CREATE_MESSAGE' || !data?.message_id) return;
  if (data.category === 'PLAIN_TEXT' && typeof data.data === 'string') {
    tracker.record(Buffer.from(data.data, 'base64').toString('utf8'));
  }
  pending.push(data.message_id);
  if (pending.length >= BATCH || !timer) pump();
}

function connect(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(endpoint.blazeUrl, 'Mixin-Blaze-1', {
      headers: { Authorization: `Bearer ${token('GET', '/', '')}` },
      perMessageDeflate: false,
    });
    ws = socket;
    socket.on('open', () => {
      socket.send(gzipSync(JSON.stringify({ id: randomUUID(), action: 'LIST_PENDING_MESSAGES' })));
      resolve();
    });
    socket.on('message', (data) => onFrame(data as Buffer));
    socket.on('error', (err) => reject(err));
  });
}

runContender({
  name: 'floor',
  tracker,
  connect,
  stop: async () => {
    ws?.terminate();
    agent.destroy();
  },
});

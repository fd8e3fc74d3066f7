import WebSocket, { type RawData } from 'ws';
import type { TokenSigner } from '../auth/token-signer.js';
import { decodeFrame, type BlazeFrame } from '../transport/frame-codec.js';
import { BLAZE_SUBPROTOCOL } from '../transport/blaze-socket.js';
import { logSafe, redactUrl } from '../util/log-safe.js';
import { fail, ok, warn, type CheckResult } from './check-result.js';
import { describeTransportError } from './describe-error.js';
import { unauthorizedFix, type UnauthorizedContext } from './unauthorized-advice.js';

const NAME = 'Blaze';
/**
 * How long the open socket is watched for an ERROR frame before closing. A server may accept the
 * upgrade and refuse the token in a frame instead (an ERROR push, docs/protocol.md §3.3; the emulator's
 * `rejectAuth('frame')`), which arrives one round trip after the upgrade.
 */
export const SETTLE_MS = 1000;
const LIMITS = { maxCompressedBytes: 1 << 20, maxInflatedBytes: 4 << 20 };

export interface BlazeCheckOptions {
  timeoutMs: number;
  settleMs?: number;
  /** What the clock and GET /me checks found, for the advice on a 401. */
  context: UnauthorizedContext;
}

/**
 * Opens one Blaze websocket the way the module does (a fresh token signed over `GET /`,
 * subprotocol Mixin-Blaze-1, docs/protocol.md §2), watches it briefly, and closes it with 1000. It
 * opens the socket itself rather than through the module's socket, because it reports every
 * refusal and error as a verdict where the module only logs them. It never
 * sends LIST_PENDING_MESSAGES, so no message is delivered to it, and it acks nothing.
 */
export async function checkBlaze(url: string, signer: TokenSigner, options: BlazeCheckOptions): Promise<CheckResult> {
  const where = redactUrl(url);
  const token = await signer.sign('GET', '/');
  const settleMs = Math.min(options.settleMs ?? SETTLE_MS, options.timeoutMs);
  return new Promise((resolve) => {
    let verdict: CheckResult | undefined;
    let opened = false;
    let closingOurselves = false;
    let settle: NodeJS.Timeout | undefined;
    const decide = (result: CheckResult): void => {
      verdict ??= result;
      clearTimeout(settle);
      if (ws.readyState === ws.OPEN) ws.close(1000, 'doctor');
    };
    // Past every ws timeout (handshake, close), nothing can still be pending: stop waiting.
    const guard = setTimeout(() => {
      ws.terminate();
      finish(verdict ?? fail(NAME, `${where} did not finish within ${options.timeoutMs * 2 + settleMs} ms`, 'check the network and --blaze-url'));
    }, options.timeoutMs * 2 + settleMs);
    const finish = (result: CheckResult): void => {
      clearTimeout(guard);
      clearTimeout(settle);
      resolve(result);
    };
    const ws = new WebSocket(url, BLAZE_SUBPROTOCOL, {
      headers: { Authorization: `Bearer ${token}` },
      handshakeTimeout: options.timeoutMs,
      maxPayload: LIMITS.maxCompressedBytes,
      perMessageDeflate: false,
    });
    ws.on('open', () => {
      opened = true;
      settle = setTimeout(() => {
        closingOurselves = true;
        ws.close(1000, 'doctor');
      }, settleMs);
    });
    ws.on('message', (data) => {
      const frame = readFrame(data);
      if (frame?.action === 'ERROR' || frame?.error) decide(errorFrame(where, frame, options.context));
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      decide(rejected(where, res.statusCode, options.context));
    });
    ws.on('error', (err) => decide(fail(NAME, `${where}: ${describeTransportError(err)}`, 'check --blaze-url and that this machine can reach it (wss on port 443)')));
    ws.on('close', (code, reason) => {
      if (verdict) return finish(verdict);
      if (!closingOurselves) {
        const when = opened ? 'right after opening it' : 'during the upgrade';
        return finish(fail(NAME, `${where} closed the connection ${when} (code ${code}${closeReason(reason)})`, unauthorizedFix(options.context)));
      }
      if (code === 1000) return finish(ok(NAME, `${where} accepted the token (subprotocol ${BLAZE_SUBPROTOCOL}), sent no ERROR within ${settleMs} ms, and closed cleanly`));
      finish(warn(NAME, `${where} accepted the token, but the connection ended without a clean close (code ${code})`, 'usually harmless; if it repeats, check proxies between here and Blaze'));
    });
  });
}

function readFrame(data: RawData): BlazeFrame | undefined {
  try {
    return decodeFrame(Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]), LIMITS);
  } catch {
    return undefined;
  }
}

function rejected(where: string, status: number | undefined, context: UnauthorizedContext): CheckResult {
  const detail = `${where} refused the upgrade with HTTP ${status ?? '?'}`;
  if (status === 401 || status === 403) return fail(NAME, detail, unauthorizedFix(context));
  if (status !== undefined && status >= 500) return fail(NAME, detail, 'Blaze is failing: try again later');
  return fail(NAME, detail, 'check that --blaze-url is the Blaze websocket (wss://blaze.mixin.one/)');
}

function errorFrame(where: string, frame: BlazeFrame, context: UnauthorizedContext): CheckResult {
  const code = frame.error?.code;
  const detail = `${where} accepted the upgrade, then sent ERROR ${logSafe(code)}${frame.error?.description ? ` (${logSafe(frame.error.description, 80)})` : ''}`;
  // Codes from docs/protocol.md §6: 401 a refused token, 10006 a client the server deems too old.
  if (code === 401) return fail(NAME, detail, unauthorizedFix(context));
  if (code === 10006) return fail(NAME, detail, 'the server asks for a newer client: update nestjs-mixin-blaze');
  return fail(NAME, detail, 'try again later; if it persists, report the code');
}

function closeReason(reason: Buffer): string {
  return reason.length > 0 ? `, ${logSafe(reason.toString('utf8'), 80)}` : '';
}

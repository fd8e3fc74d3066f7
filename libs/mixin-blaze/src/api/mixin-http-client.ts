import type { TokenSigner } from '../auth/token-signer.js';
import { logSafe, redactUrl } from '../util/log-safe.js';
import { newUuid } from '../util/uuid.js';
import { DEFAULT_MAX_RESPONSE_BYTES, HttpTransport, type RawResponse } from './http-transport.js';
import { MixinApiError } from './mixin-api.error.js';
import { parseRetryAfter } from './retry-after.js';

type Envelope<T> = { data?: T; error?: { code?: unknown; description?: unknown } };

/**
 * Signed requests to the Mixin HTTP API. Every request gets its own token bound to its method,
 * path and exact body bytes; Mixin answers `{data}` or `{error}`. Errors name the request by
 * method and redacted URL, never carry the token, and quote the server only through `logSafe`.
 */
export class MixinHttpClient {
  private readonly transport: HttpTransport;

  constructor(
    private readonly baseUrl: string,
    private readonly signer: TokenSigner,
    /** Total deadline of one request, response body included. */
    private readonly timeoutMs: number,
    private readonly maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  ) {
    this.transport = new HttpTransport(baseUrl);
  }

  async request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const requestId = newUuid();
    const token = await this.signer.sign(method, path, text ?? '', requestId);
    const name = `${method} ${redactUrl(this.baseUrl + path)}`;
    let response: RawResponse;
    try {
      response = await this.transport.request({
        method,
        url: this.baseUrl + path,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'X-Request-Id': requestId },
        body: text,
        timeoutMs: this.timeoutMs,
        maxBodyBytes: this.maxResponseBytes,
      });
    } catch (err) {
      // The transport's message is already safe (no URL, no headers); the cause keeps the details.
      throw new MixinApiError(`${name} failed: ${(err as Error).message}`, 0, undefined, { cause: err });
    }
    let parsed: Envelope<T> | undefined;
    try {
      parsed = JSON.parse(response.body) as Envelope<T>;
    } catch {
      parsed = undefined;
    }
    const error = parsed !== null && typeof parsed === 'object' ? parsed.error : undefined;
    const ok = response.status >= 200 && response.status < 300;
    if (!error && ok) return parsed?.data as T;
    const code = typeof error?.code === 'number' ? error.code : undefined;
    const retryAfterMs = response.status === 429 || response.status === 503 || code === 429 ? parseRetryAfter(response.headers['retry-after']) : undefined;
    const wait = retryAfterMs === undefined ? '' : ` (retry after ${retryAfterMs} ms)`;
    const reason = error
      ? `code ${code ?? '?'}${typeof error.description === 'string' ? ` ${logSafe(error.description)}` : ''}`
      : `HTTP ${response.status}`;
    throw new MixinApiError(`${name} failed: ${reason}${wait}`, response.status, code, { retryAfterMs });
  }

  /** Releases keep-alive connections (shutdown). */
  close(): void {
    this.transport.close();
  }
}

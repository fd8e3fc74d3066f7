import type { TokenSigner } from '../auth/token-signer.js';
import { newUuid } from '../util/uuid.js';
import { HttpTransport, type RawResponse } from './http-transport.js';
import { MixinApiError } from './mixin-api.error.js';

/**
 * Signed requests to the Mixin HTTP API. Every request gets its own token bound to its method,
 * path and exact body bytes; Mixin answers `{data}` or `{error}`.
 */
export class MixinHttpClient {
  private readonly transport: HttpTransport;

  constructor(
    private readonly baseUrl: string,
    private readonly signer: TokenSigner,
    private readonly timeoutMs: number,
  ) {
    this.transport = new HttpTransport(baseUrl);
  }

  async request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const requestId = newUuid();
    const token = await this.signer.sign(method, path, text ?? '', requestId);
    let response: RawResponse;
    try {
      response = await this.transport.request(
        method,
        this.baseUrl + path,
        { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'X-Request-Id': requestId },
        text,
        this.timeoutMs,
      );
    } catch (err) {
      throw new MixinApiError(`${method} ${path} failed: ${(err as Error).message}`, 0);
    }
    let parsed: { data?: T; error?: { code?: unknown; description?: unknown } } | undefined;
    try {
      parsed = JSON.parse(response.body) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (parsed?.error) {
      const code = typeof parsed.error.code === 'number' ? parsed.error.code : undefined;
      const description = typeof parsed.error.description === 'string' ? ` ${parsed.error.description}` : '';
      throw new MixinApiError(`${method} ${path} failed: code ${code ?? '?'}${description}`, response.status, code);
    }
    if (response.status < 200 || response.status >= 300) {
      throw new MixinApiError(`${method} ${path} failed: HTTP ${response.status}`, response.status);
    }
    return parsed?.data as T;
  }

  /** Releases keep-alive connections (shutdown). */
  close(): void {
    this.transport.close();
  }
}

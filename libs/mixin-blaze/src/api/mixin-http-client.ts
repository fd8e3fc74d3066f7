import type { TokenSigner } from '../auth/token-signer.js';
import { newUuid } from '../util/uuid.js';
import { MixinApiError } from './mixin-api.error.js';

/**
 * Signed requests to the Mixin HTTP API. Every request gets its own token bound to its method,
 * path and exact body bytes; Mixin answers `{data}` or `{error}`.
 */
export class MixinHttpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly signer: TokenSigner,
    private readonly timeoutMs: number,
  ) {}

  async request<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const requestId = newUuid();
    const token = await this.signer.sign(method, path, text, requestId);
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'X-Request-Id': requestId },
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as Error).name === 'TimeoutError' ? `timed out after ${this.timeoutMs} ms` : describeNetworkError(err);
      throw new MixinApiError(`${method} ${path} failed: ${cause}`, 0);
    }
    let parsed: { data?: T; error?: { code?: number; description?: string } } | undefined;
    try {
      parsed = (await response.json()) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (parsed?.error) {
      const { code, description } = parsed.error;
      throw new MixinApiError(`${method} ${path} failed: code ${code} ${description ?? ''}`.trim(), response.status, code);
    }
    if (!response.ok) throw new MixinApiError(`${method} ${path} failed: HTTP ${response.status}`, response.status);
    return parsed?.data as T;
  }
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

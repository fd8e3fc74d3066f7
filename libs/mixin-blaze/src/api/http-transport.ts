import http from 'node:http';
import https from 'node:https';
import { logSafe } from '../util/log-safe.js';
import { MixinBlazeError } from '../util/mixin-blaze.error.js';

/**
 * The largest response body read into memory. Mixin's answers are small (an ack batch echoes at
 * most 100 `{message_id,status}` entries, docs/protocol.md §4; a `POST /messages` reply at most 100 message
 * views), so 4 MiB is generous; anything bigger is a broken or hostile server.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** One request as the API client makes it. */
export interface HttpRequest {
  method: string;
  /** The full URL; it never appears in an error (the caller names the request). */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Total deadline: from the start of the request to the last byte of the response body. */
  timeoutMs: number;
  /** Response body cap in bytes; default {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  maxBodyBytes?: number;
}

/** A response as the API client needs it. */
export interface RawResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A request that got no complete response: refused, reset, too large, or past its deadline. */
export class HttpTransportError extends MixinBlazeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpTransportError';
  }
}

/** What a low-level error says, without echoing anything it may have picked up from the request. */
function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string') return logSafe(code);
  return logSafe(err instanceof Error ? err.message : 'unknown error');
}

/**
 * Plain `node:http`/`node:https` requests over keep-alive connections. Acks go out many times a
 * second, and `fetch` costs far more CPU per request (docs/performance.md §4).
 *
 * Everything a server controls is bounded: the body size (`maxBodyBytes`) and the total time
 * (`timeoutMs`, not an idle timeout, so a server trickling one byte at a time cannot hold a request
 * open). Either limit destroys the request and rejects; no event handler can throw.
 */
export class HttpTransport {
  private readonly agent: http.Agent;
  private readonly client: typeof http | typeof https;

  constructor(baseUrl: string) {
    const secure = new URL(baseUrl).protocol === 'https:';
    this.client = secure ? https : http;
    this.agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }

  request(spec: HttpRequest): Promise<RawResponse> {
    const maxBytes = spec.maxBodyBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    return new Promise((resolve, reject) => {
      let settled = false;
      let req: http.ClientRequest | undefined;
      const fail = (message: string, cause?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        reject(new HttpTransportError(message, cause === undefined ? undefined : { cause }));
        // Frees the socket too: a keep-alive connection mid-body cannot be reused.
        req?.destroy();
      };
      const deadline = setTimeout(() => fail(`no complete response within ${spec.timeoutMs} ms`), spec.timeoutMs);
      const onResponse = (res: http.IncomingMessage): void => {
        const declared = Number(res.headers['content-length']);
        if (declared > maxBytes) return fail(`response body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          if (size > maxBytes) return fail(`response body exceeds the ${maxBytes}-byte limit`);
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          // At most maxBytes: far below the string length limit, so this cannot throw.
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks, size).toString('utf8'), headers: res.headers });
        });
        res.on('error', (err) => fail(describe(err), err));
        res.on('close', () => {
          if (!res.complete) fail('connection closed before the response ended');
        });
      };
      try {
        const payload = spec.body === undefined ? undefined : Buffer.from(spec.body, 'utf8');
        const headers = payload ? { ...spec.headers, 'Content-Length': String(payload.length) } : spec.headers;
        req = this.client.request(spec.url, { method: spec.method, agent: this.agent, headers }, onResponse);
        req.on('error', (err) => fail(describe(err), err));
        req.end(payload);
      } catch (err) {
        // An invalid URL or header throws synchronously. Its error may carry the offending value
        // (ERR_INVALID_URL keeps the whole URL in `input`), so only its code is kept.
        fail(describe(err));
      }
    });
  }

  /** Closes idle keep-alive connections (shutdown). */
  close(): void {
    this.agent.destroy();
  }
}

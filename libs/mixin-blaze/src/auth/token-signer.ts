import { createHash, sign } from 'node:crypto';
import { newUuid } from '../util/uuid.js';
import type { ResolvedKeystore } from './keystore.js';

/** How long a signed token stays valid. The server checks it only when it receives it (docs/protocol.md §1.4). */
const TOKEN_LIFETIME_SECONDS = 600;
const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');

/**
 * Signs the per-request JWT Mixin expects (docs/protocol.md §1.2): `sig` binds the token to one
 * method, path and body. A fresh token (new `jti`) is made for every connect and every HTTP request.
 *
 * Signed with node:crypto directly: jose's signer goes through WebCrypto, which costs more CPU per
 * token, and every ack batch needs one (docs/performance.md §4). jose still verifies them in tests.
 */
export class TokenSigner {
  constructor(private readonly keystore: ResolvedKeystore) {}

  /** `path` is the path with query string and no host, e.g. `/` or `/acknowledgements`. */
  sign(method: string, path: string, body = '', requestId: string = newUuid()): Promise<string> {
    try {
      return Promise.resolve(this.signNow(method, path, body, requestId));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  private signNow(method: string, path: string, body: string, requestId: string): string {
    const iat = Math.floor(Date.now() / 1000);
    const claims = {
      uid: this.keystore.appId,
      sid: this.keystore.sessionId,
      iat,
      exp: iat + TOKEN_LIFETIME_SECONDS,
      jti: requestId,
      sig: createHash('sha256').update(method.toUpperCase() + path + body).digest('hex'),
      scp: 'FULL',
    };
    const unsigned = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${unsigned}.${sign(null, Buffer.from(unsigned), this.keystore.privateKey).toString('base64url')}`;
  }
}

import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { newUuid } from '../util/uuid.js';
import type { ResolvedKeystore } from './keystore.js';

/** How long a signed token stays valid. The server checks it only when it receives it (§1.4). */
const TOKEN_LIFETIME_SECONDS = 600;

/**
 * Signs the per-request JWT Mixin expects (§1.2): `sig` binds the token to one method, path and body.
 * A fresh token (new `jti`) is made for every connect and every HTTP request.
 */
export class TokenSigner {
  constructor(private readonly keystore: ResolvedKeystore) {}

  /** `path` is the path with query string and no host, e.g. `/` or `/acknowledgements`. */
  sign(method: string, path: string, body = '', requestId: string = newUuid()): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({
      uid: this.keystore.appId,
      sid: this.keystore.sessionId,
      sig: createHash('sha256').update(method.toUpperCase() + path + body).digest('hex'),
      scp: 'FULL',
    })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_LIFETIME_SECONDS)
      .setJti(requestId)
      .sign(this.keystore.privateKey);
  }
}

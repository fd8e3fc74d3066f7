import { createHash, type KeyObject } from 'node:crypto';
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { publicKeyFromSeed, type TestKeystore } from './test-keystore.js';

/** Outcome of checking one bearer token (the token itself is deliberately not part of it). */
export interface TokenCheck {
  claims: Record<string, unknown> | null;
  valid: boolean;
  reason?: string;
}

/** The body a real Mixin API sends with a 401. */
export const UNAUTHORIZED_BODY = JSON.stringify({
  error: { status: 401, code: 401, description: 'Unauthorized, maybe invalid token.' },
});

const MAX_IAT_SKEW_S = 5 * 60;

/** Hex sha256 of METHOD + URI + BODY, the `sig` claim of every Mixin token (protocol §1.2). */
export function requestSignatureHash(method: string, pathWithQuery: string, body: Buffer | string): string {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(method.toUpperCase() + pathWithQuery, 'utf8'), Buffer.from(body)]))
    .digest('hex');
}

/** Verifies bot session tokens against one keystore, the way the Mixin API would. */
export class TokenVerifier {
  private readonly publicKey: KeyObject;

  constructor(private readonly keystore: TestKeystore) {
    this.publicKey = publicKeyFromSeed(keystore.session_private_key);
  }

  async check(
    authorization: string | undefined,
    method: string,
    pathWithQuery: string,
    body: Buffer | string,
  ): Promise<TokenCheck> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return { claims: null, valid: false, reason: 'missing bearer token' };
    const token = match[1];
    let claims: Record<string, unknown> | null = null;
    try {
      claims = decodeJwt(token) as Record<string, unknown>;
    } catch {
      return { claims: null, valid: false, reason: 'malformed token' };
    }
    try {
      // jose checks the signature, the algorithm and `exp` (no clock tolerance).
      await jwtVerify(token, this.publicKey, { algorithms: ['EdDSA', 'Ed25519'] });
    } catch (err) {
      const reason =
        err instanceof joseErrors.JWTExpired ? 'token expired' :
        err instanceof joseErrors.JWSSignatureVerificationFailed ? 'bad signature' :
        `token rejected (${(err as Error).name})`;
      return { claims, valid: false, reason };
    }
    const reason = this.claimProblem(claims, method, pathWithQuery, body);
    return reason ? { claims, valid: false, reason } : { claims, valid: true };
  }

  private claimProblem(
    claims: Record<string, unknown>,
    method: string,
    pathWithQuery: string,
    body: Buffer | string,
  ): string | undefined {
    const now = Math.floor(Date.now() / 1000);
    if (claims.uid !== this.keystore.app_id) return 'uid is not the app_id';
    if (claims.sid !== this.keystore.session_id) return 'sid is not the session_id';
    if (typeof claims.exp !== 'number') return 'exp missing';
    if (typeof claims.iat !== 'number') return 'iat missing';
    if (claims.iat > now + MAX_IAT_SKEW_S) return 'iat more than 5 minutes in the future';
    if (typeof claims.jti !== 'string' || claims.jti === '') return 'jti missing';
    if (claims.scp !== 'FULL') return 'scp is not FULL';
    const expected = requestSignatureHash(method, pathWithQuery, body);
    if (claims.sig !== expected) return `sig does not match ${method.toUpperCase()} ${pathWithQuery}`;
    return undefined;
  }
}

import { createHash, verify, type KeyObject } from 'node:crypto';
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
/** A Mixin token is about 450 characters; anything past this is refused before it is decoded. */
export const MAX_TOKEN_CHARS = 8 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ED25519_SIGNATURE_BYTES = 64;

/** Hex sha256 of METHOD + URI + BODY, the `sig` claim of every Mixin token (docs/protocol.md §1.2). */
export function requestSignatureHash(method: string, pathWithQuery: string, body: Buffer | string): string {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(method.toUpperCase() + pathWithQuery, 'utf8'), Buffer.from(body)]))
    .digest('hex');
}

/** One compact JWS, split and decoded but not yet verified. */
interface ParsedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
}

/** Canonical unpadded base64url only: the same bytes can have one spelling, never two. */
function base64url(part: string): Buffer | undefined {
  if (!BASE64URL.test(part)) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

function jsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Splits a compact JWS by hand (no JOSE library: the emulator ships in the CommonJS build too, and
 * jose is ESM-only). The length check comes first, so a hostile header costs at most 8 KiB of work.
 */
function parseJwt(token: string): ParsedJwt | undefined {
  if (token.length > MAX_TOKEN_CHARS) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts.map(base64url);
  const header = h && jsonObject(h);
  const claims = p && jsonObject(p);
  if (!header || !claims || !s) return undefined;
  return { header, claims, signingInput: Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'), signature: s };
}

/** Checks what jose's jwtVerify checked (with no clock tolerance): header, signature, exp and nbf. */
function rejection(jwt: ParsedJwt, publicKey: KeyObject): string | undefined {
  const { alg, crit, b64 } = jwt.header;
  // Mixin signs EdDSA; 'Ed25519' is the fully-specified name of the same algorithm (RFC 9864).
  if (alg !== 'EdDSA' && alg !== 'Ed25519') return `token rejected (alg ${JSON.stringify(alg)?.slice(0, 32)} not allowed)`;
  if (crit !== undefined || b64 !== undefined) return 'token rejected (crit and b64 headers are not supported)';
  if (jwt.signature.length !== ED25519_SIGNATURE_BYTES || !verify(null, jwt.signingInput, publicKey, jwt.signature)) {
    return 'bad signature';
  }
  const now = Math.floor(Date.now() / 1000);
  const { exp, nbf, iat } = jwt.claims;
  for (const [name, value] of [['exp', exp], ['nbf', nbf], ['iat', iat]] as const) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) return `token rejected (${name} is not a number)`;
  }
  if (typeof exp === 'number' && exp <= now) return 'token expired';
  if (typeof nbf === 'number' && nbf > now) return 'token rejected (nbf is in the future)';
  return undefined;
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
    const jwt = parseJwt(match[1]);
    if (!jwt) return { claims: null, valid: false, reason: 'malformed token' };
    const reason = rejection(jwt, this.publicKey) ?? this.claimProblem(jwt.claims, method, pathWithQuery, body);
    return reason ? { claims: jwt.claims, valid: false, reason } : { claims: jwt.claims, valid: true };
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

import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

/** A dashboard-style (format (a)) keystore, as a bot developer downloads it. */
export interface TestKeystore {
  app_id: string;
  session_id: string;
  /** 64 hex chars: the 32-byte Ed25519 seed of the session key. */
  session_private_key: string;
  /** Hex Ed25519 public key of the "server" for this session. */
  server_public_key: string;
}

// PKCS#8 DER prefix for a raw 32-byte Ed25519 seed (RFC 8410); lets node:crypto load a bare seed.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function rawKeyHex(key: KeyObject, field: 'd' | 'x'): string {
  const jwk = key.export({ format: 'jwk' });
  const value = jwk[field];
  if (!value) throw new Error(`Ed25519 key has no ${field} component`);
  return Buffer.from(value, 'base64url').toString('hex');
}

/** Generates a fresh keystore with random ids and a real Ed25519 session key. */
export function generateTestKeystore(overrides: Partial<TestKeystore> = {}): TestKeystore {
  const session = generateKeyPairSync('ed25519');
  const server = generateKeyPairSync('ed25519');
  return {
    app_id: randomUUID(),
    session_id: randomUUID(),
    session_private_key: rawKeyHex(session.privateKey, 'd'),
    server_public_key: rawKeyHex(server.publicKey, 'x'),
    ...overrides,
  };
}

/** Loads the private key behind a hex seed (throws unless it is exactly 32 bytes). */
export function privateKeyFromSeed(seedHex: string): KeyObject {
  const seed = Buffer.from(seedHex, 'hex');
  if (seed.length !== 32 || seed.toString('hex') !== seedHex.toLowerCase()) {
    throw new Error('session_private_key must be 64 hex chars (a 32-byte Ed25519 seed)');
  }
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Derives the session public key the emulator verifies tokens against. */
export function publicKeyFromSeed(seedHex: string): KeyObject {
  return createPublicKey(privateKeyFromSeed(seedHex));
}

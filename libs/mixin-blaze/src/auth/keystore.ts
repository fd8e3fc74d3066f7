import { createPrivateKey, type KeyObject } from 'node:crypto';
import { isUuid } from '../util/uuid.js';
import { KeystoreError } from './keystore.error.js';

/** The keystore JSON downloaded from the Mixin developer dashboard. */
export interface MixinKeystore {
  app_id: string;
  session_id: string;
  /** Hex Ed25519 seed (32 bytes). */
  session_private_key: string;
  server_public_key?: string;
  spend_private_key?: string;
}

/** The 2020–2023 Ed25519 keystore (`private_key` is base64url seed‖public key). Accepted and converted. */
export interface LegacyEd25519Keystore {
  client_id: string;
  session_id: string;
  private_key: string;
  pin_token?: string;
  pin?: string;
}

/** A keystore checked at startup, holding the signing key as a KeyObject (never as text). */
export interface ResolvedKeystore {
  appId: string;
  sessionId: string;
  privateKey: KeyObject;
  /** The 32-byte seed, kept for decrypting ENCRYPTED_* messages. */
  seed: Buffer;
}

// DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Builds a Node KeyObject from a 32-byte Ed25519 seed. */
export function ed25519KeyFromSeed(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Parses JSON text or an object into a validated keystore; throws KeystoreError naming the bad field. */
export function resolveKeystore(input: unknown): ResolvedKeystore {
  let value = input;
  if (typeof value === 'string') {
    try {
      // Editors on Windows save UTF-8 with a byte order mark, which JSON.parse refuses.
      value = JSON.parse(value.replace(/^\uFEFF/, ''));
    } catch {
      throw new KeystoreError('keystore', 'is a string but not valid JSON');
    }
  }
  if (value === null || typeof value !== 'object') {
    throw new KeystoreError('keystore', 'must be an object with app_id, session_id and session_private_key');
  }
  const ks = value as Record<string, unknown>;
  const isLegacy = ks.app_id === undefined && ks.client_id !== undefined;
  const appField = isLegacy ? 'client_id' : 'app_id';
  const appId = ks[appField];
  if (!isUuid(appId)) throw new KeystoreError(appField, 'must be a UUID');
  if (!isUuid(ks.session_id)) throw new KeystoreError('session_id', 'must be a UUID');
  const seed = isLegacy ? legacySeed(ks.private_key) : hexSeed(ks.session_private_key);
  return { appId: appId.toLowerCase(), sessionId: ks.session_id.toLowerCase(), seed, privateKey: ed25519KeyFromSeed(seed) };
}

function hexSeed(value: unknown): Buffer {
  const field = 'session_private_key';
  if (typeof value !== 'string' || value.length === 0) throw new KeystoreError(field, 'is missing');
  if (value.includes('BEGIN RSA')) {
    throw new KeystoreError(field, 'is an RSA key; RSA sessions are not supported, create an Ed25519 session in the dashboard');
  }
  // 128 hex chars is seed‖public key, as some tools export it; the seed is the first half.
  if (!/^[0-9a-f]+$/i.test(value) || (value.length !== 64 && value.length !== 128)) {
    throw new KeystoreError(field, 'must be the hex Ed25519 seed (64 hex characters)');
  }
  return Buffer.from(value.slice(0, 64), 'hex');
}

function legacySeed(value: unknown): Buffer {
  const field = 'private_key';
  if (typeof value !== 'string' || value.length === 0) throw new KeystoreError(field, 'is missing');
  if (value.includes('BEGIN RSA')) {
    throw new KeystoreError(field, 'is an RSA key; RSA sessions are not supported, create an Ed25519 session in the dashboard');
  }
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.length !== 64) throw new KeystoreError(field, 'must be a base64url Ed25519 private key (64 bytes)');
  return bytes.subarray(0, 32);
}

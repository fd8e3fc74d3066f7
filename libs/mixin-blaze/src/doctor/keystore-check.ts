import { createPublicKey } from 'node:crypto';
import { resolveKeystore, type ResolvedKeystore } from '../auth/keystore.js';
import { KeystoreError } from '../auth/keystore.error.js';
import { fail, ok, type CheckResult } from './check-result.js';
import type { LoadedKeystore } from './keystore-source.js';

const NAME = 'keystore';
const FIX_DOWNLOAD = 'download the keystore again from the Mixin developer dashboard (https://developers.mixin.one/dashboard) and pass that file';

/** The keystore check's verdict, with the parsed keystore when it passed. */
export interface KeystoreFinding {
  result: CheckResult;
  keystore?: ResolvedKeystore;
}

// The fields each accepted format needs (docs/protocol.md §1.1 (a) and (b)).
const CURRENT = ['app_id', 'session_id', 'session_private_key'];
const LEGACY = ['client_id', 'session_id', 'private_key'];

/**
 * Validates a keystore offline with the module's own parser (`resolveKeystore`), first listing
 * every missing field at once, then checking that a key carrying its public half (128 hex, or the
 * legacy 64 bytes) is consistent. Only field names and ids appear in the result, never a value of
 * a secret field (session_private_key, private_key, pin, pin_token, spend_private_key).
 */
export function checkKeystore(loaded: LoadedKeystore): KeystoreFinding {
  const { label } = loaded;
  let value: unknown;
  try {
    // Editors on Windows save a byte order mark; the parser's own message would quote the text.
    value = JSON.parse(loaded.text.replace(/^\uFEFF/, ''));
  } catch {
    const what = loaded.text.trim() === '' ? 'is empty' : 'is not valid JSON';
    return { result: fail(NAME, `${label} ${what}`, FIX_DOWNLOAD) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { result: fail(NAME, `${label} is not a JSON object`, FIX_DOWNLOAD) };
  }
  const fields = value as Record<string, unknown>;
  const legacy = fields.app_id === undefined && fields.client_id !== undefined;
  const missing = (legacy ? LEGACY : CURRENT).filter((f) => fields[f] === undefined || fields[f] === null || fields[f] === '');
  if (missing.length > 0) {
    return { result: fail(NAME, `${label} is missing ${missing.map((f) => `"${f}"`).join(', ')}`, FIX_DOWNLOAD) };
  }
  let keystore: ResolvedKeystore;
  try {
    keystore = resolveKeystore(fields);
  } catch (err) {
    // KeystoreError names the field and never its value.
    const problem = err instanceof KeystoreError ? err.message.replace(/^Invalid Mixin keystore: /, '') : 'could not be read';
    return { result: fail(NAME, `${label}: ${problem}`, FIX_DOWNLOAD) };
  }
  const broken = publicHalfMismatch(fields, legacy, keystore);
  if (broken) return { result: fail(NAME, `${label}: ${broken}`, FIX_DOWNLOAD) };
  return { result: ok(NAME, describe(label, fields, legacy, keystore)), keystore };
}

/** A key stored with its public half (seed‖public) whose halves do not belong together was damaged. */
function publicHalfMismatch(fields: Record<string, unknown>, legacy: boolean, keystore: ResolvedKeystore): string | undefined {
  const field = legacy ? 'private_key' : 'session_private_key';
  const raw = String(fields[field]);
  const stored = legacy ? Buffer.from(raw, 'base64url').subarray(32) : raw.length === 128 ? Buffer.from(raw.slice(64), 'hex') : undefined;
  if (!stored) return undefined;
  const derived = Buffer.from(createPublicKey(keystore.privateKey).export({ format: 'jwk' }).x ?? '', 'base64url');
  return stored.equals(derived) ? undefined : `"${field}" holds a seed and a public key that do not belong together (the key is damaged)`;
}

function describe(label: string, fields: Record<string, unknown>, legacy: boolean, keystore: ResolvedKeystore): string {
  const format = legacy ? '2020-2023 format (client_id, private_key), accepted' : 'dashboard format';
  // Secrets the bot does not need for messaging: worth knowing they sit in the same file.
  const extras = ['spend_private_key', 'pin'].filter((f) => fields[f] !== undefined);
  const also = extras.length > 0 ? `; also holds ${extras.join(', ')} (not used by this library)` : '';
  const key = legacy ? 'private_key' : 'session_private_key';
  return `${label}: ${format}, app_id ${keystore.appId}, session_id ${keystore.sessionId}, ${key} is a valid Ed25519 key (not shown)${also}`;
}

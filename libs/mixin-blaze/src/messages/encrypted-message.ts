import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { EncryptedMessageError } from './encrypted-message.error.js';

/*
 * ENCRYPTED_* `data` layout (docs/protocol.md §5.1):
 *   version(1) ‖ session_count(u16 LE) ‖ sender X25519 public key(32)
 *   ‖ session_count × [session_id(16) ‖ iv(16) ‖ AES-256-CBC(message key)(32)]
 *   ‖ nonce(12) ‖ AES-128-GCM ciphertext ‖ tag(16)
 */
const VERSION = 1;
const HEADER = 35;
const ENTRY = 64;
const NONCE = 12;
const TAG = 16;
const MESSAGE_KEY = 16;

// DER prefixes that wrap a raw 32-byte X25519 key for KeyObject import/export.
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

/** The bot's identity for decryption: its session id and Ed25519 seed. */
export interface MessageKeyOwner {
  sessionId: string;
  /** The 32-byte Ed25519 seed (a 64-byte seed ‖ public key is also accepted). */
  seed: Buffer;
}

/** A recipient session of an encrypted message. */
export interface EncryptionRecipient {
  sessionId: string;
  /** The session's 32-byte X25519 (curve25519) public key. */
  x25519PublicKey: Buffer;
}

// Deriving the key costs a SHA-512 and a DER import; bots pass the same seed buffer every time.
const privateKeys = new WeakMap<Buffer, KeyObject>();

/**
 * The X25519 private key of an Ed25519 seed, the standard way (libsodium
 * `crypto_sign_ed25519_sk_to_curve25519`): SHA-512(seed)[0..32], clamped.
 */
export function x25519PrivateKeyFromSeed(seed: Buffer): KeyObject {
  const cached = privateKeys.get(seed);
  if (cached !== undefined) return cached;
  if (seed.length !== 32 && seed.length !== 64) throw new EncryptedMessageError('Ed25519 seed must be 32 bytes');
  const scalar = createHash('sha512').update(seed.subarray(0, 32)).digest().subarray(0, 32);
  scalar[0]! &= 248;
  scalar[31]! &= 127;
  scalar[31]! |= 64;
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, scalar]), format: 'der', type: 'pkcs8' });
  scalar.fill(0);
  privateKeys.set(seed, key);
  return key;
}

/** The raw 32-byte X25519 public key matching an Ed25519 seed (what other sessions encrypt to). */
export function x25519PublicKeyFromSeed(seed: Buffer): Buffer {
  return rawPublicKey(createPublicKey(x25519PrivateKeyFromSeed(seed)));
}

/**
 * Decrypts the `data` bytes of an ENCRYPTED_* message for `own` session and
 * returns the PLAIN_* payload bytes. Throws {@link EncryptedMessageError}.
 */
export function decryptMessageData(bytes: Buffer, own: MessageKeyOwner): Buffer {
  return openMessage(bytes, uuidBytes(own.sessionId), x25519PrivateKeyFromSeed(own.seed));
}

/**
 * A `decrypt` function for `DecodeOptions`, with the session id and key
 * prepared once instead of per message.
 */
export function createMessageDecryptor(own: MessageKeyOwner): (bytes: Buffer) => Buffer {
  const sessionId = uuidBytes(own.sessionId);
  const privateKey = x25519PrivateKeyFromSeed(own.seed);
  return (bytes) => openMessage(bytes, sessionId, privateKey);
}

function openMessage(bytes: Buffer, sessionId: Buffer, privateKey: KeyObject): Buffer {
  if (bytes.length < HEADER) throw new EncryptedMessageError('encrypted data is truncated');
  if (bytes[0] !== VERSION) throw new EncryptedMessageError(`unsupported encrypted data version ${bytes[0]}`);
  const count = bytes.readUInt16LE(1);
  const body = HEADER + count * ENTRY;
  if (bytes.length < body + NONCE + TAG) throw new EncryptedMessageError('encrypted data is truncated');

  let entry = -1;
  for (let offset = HEADER; offset < body; offset += ENTRY) {
    if (sessionId.compare(bytes, offset, offset + 16) === 0) {
      entry = offset;
      break;
    }
  }
  if (entry < 0) throw new EncryptedMessageError('encrypted data holds no key for this session');

  try {
    const shared = diffieHellman({ privateKey, publicKey: publicKeyFromRaw(bytes.subarray(3, HEADER)) });
    const cbc = createDecipheriv('aes-256-cbc', shared, bytes.subarray(entry + 16, entry + 32));
    // Keep the first 16 bytes rather than trusting the sender's padding (as FOX does).
    cbc.setAutoPadding(false);
    const messageKey = Buffer.concat([cbc.update(bytes.subarray(entry + 32, entry + ENTRY)), cbc.final()]).subarray(0, MESSAGE_KEY);

    const gcm = createDecipheriv('aes-128-gcm', messageKey, bytes.subarray(body, body + NONCE));
    gcm.setAuthTag(bytes.subarray(bytes.length - TAG));
    return Buffer.concat([gcm.update(bytes.subarray(body + NONCE, bytes.length - TAG)), gcm.final()]);
  } catch (cause) {
    throw new EncryptedMessageError('encrypted data failed to decrypt or authenticate', { cause });
  }
}

/**
 * Encrypts `plaintext` for the given sessions in the layout above, with a fresh
 * ephemeral sender key. Meant for the emulator and tests; bots send PLAIN_*.
 */
export function encryptMessageData(plaintext: Buffer, recipients: EncryptionRecipient[]): Buffer {
  if (recipients.length === 0 || recipients.length > 0xffff) {
    throw new EncryptedMessageError('encrypted data needs 1..65535 recipient sessions');
  }
  const sender = generateKeyPairSync('x25519');
  const messageKey = randomBytes(MESSAGE_KEY);

  const header = Buffer.alloc(HEADER);
  header[0] = VERSION;
  header.writeUInt16LE(recipients.length, 1);
  rawPublicKey(sender.publicKey).copy(header, 3);

  const parts: Buffer[] = [header];
  for (const recipient of recipients) {
    const shared = diffieHellman({ privateKey: sender.privateKey, publicKey: publicKeyFromRaw(recipient.x25519PublicKey) });
    const iv = randomBytes(16);
    const cbc = createCipheriv('aes-256-cbc', shared, iv); // PKCS#7: 16-byte key → 32 bytes
    parts.push(uuidBytes(recipient.sessionId), iv, cbc.update(messageKey), cbc.final());
  }

  const nonce = randomBytes(NONCE);
  const gcm = createCipheriv('aes-128-gcm', messageKey, nonce);
  parts.push(nonce, gcm.update(plaintext), gcm.final(), gcm.getAuthTag());
  return Buffer.concat(parts);
}

function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519.length);
}

function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new EncryptedMessageError('X25519 public key must be 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_X25519, raw]), format: 'der', type: 'spki' });
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The 16 raw bytes of a UUID string, as session ids appear in the layout. */
function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new EncryptedMessageError('session id must be a UUID');
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

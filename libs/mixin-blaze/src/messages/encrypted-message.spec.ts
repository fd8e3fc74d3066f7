import 'reflect-metadata';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { ImageMessage, TextMessage, TranscriptMessage, UnknownMessage } from './blaze-message.dto.js';
import {
  createMessageDecryptor,
  decryptMessageData,
  encryptMessageData,
  x25519PublicKeyFromSeed,
} from './encrypted-message.js';
import { EncryptedMessageError } from './encrypted-message.error.js';
import { decodeMessageView } from './message-decoder.js';
import { MessageDecodeError } from './message-decode.error.js';
import { ImagePayload } from './payloads/index.js';
import { SAMPLE_IDS as I, sampleMessageView, samplePayload, samplePayloadBytes } from '../testing/message-fixtures.js';

const seed = Buffer.from('9f3c2a1b0e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807f6e5d4c3b2a19080', 'hex');
const own = { sessionId: I.sessionId, seed };
const me = { sessionId: I.sessionId, x25519PublicKey: x25519PublicKeyFromSeed(seed) };
const otherSeed = randomBytes(32);
const other = { sessionId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', x25519PublicKey: x25519PublicKeyFromSeed(otherSeed) };

/** Ed25519 public key (y, little-endian) → Montgomery u = (1 + y) / (1 - y) mod p. */
function edwardsToMontgomery(edPublic: Buffer): Buffer {
  const p = 2n ** 255n - 19n;
  const le = Buffer.from(edPublic);
  le[31]! &= 0x7f;
  const y = BigInt('0x' + Buffer.from(le).reverse().toString('hex'));
  const pow = (b: bigint, e: bigint): bigint => {
    let r = 1n;
    for (b %= p; e > 0n; e >>= 1n, b = (b * b) % p) if (e & 1n) r = (r * b) % p;
    return r;
  };
  const u = ((1n + y) * pow((1n - y + p) % p, p - 2n)) % p;
  return Buffer.from(u.toString(16).padStart(64, '0'), 'hex').reverse();
}

describe('encrypted messages (docs/protocol.md §5.1)', () => {
  it('derives the X25519 key that matches the Ed25519 public key (birational map)', () => {
    const ed = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const edPublic = createPublicKey(ed).export({ format: 'der', type: 'spki' }).subarray(12);
    expect(x25519PublicKeyFromSeed(seed).toString('hex')).toBe(edwardsToMontgomery(edPublic).toString('hex'));
  });

  it('round-trips for one and for several sessions', () => {
    const plaintext = Buffer.from('héllo, encrypted world');
    expect(decryptMessageData(encryptMessageData(plaintext, [me]), own)).toEqual(plaintext);
    const both = encryptMessageData(plaintext, [other, me]);
    expect(decryptMessageData(both, own)).toEqual(plaintext);
    expect(decryptMessageData(both, { sessionId: other.sessionId, seed: otherSeed })).toEqual(plaintext);
    expect(createMessageDecryptor(own)(both)).toEqual(plaintext);
  });

  it('has the documented layout', () => {
    const data = encryptMessageData(Buffer.from('abc'), [me, other]);
    expect(data[0]).toBe(1);
    expect(data.readUInt16LE(1)).toBe(2);
    expect(data.subarray(35, 51).toString('hex')).toBe(I.sessionId.replace(/-/g, ''));
    expect(data.length).toBe(35 + 2 * 64 + 12 + 3 + 16);
  });

  it('fails cleanly without a key for the session, on tampering and on truncation', () => {
    const data = encryptMessageData(Buffer.from('abc'), [other]);
    expect(() => decryptMessageData(data, own)).toThrow('encrypted data holds no key for this session');
    const mine = encryptMessageData(Buffer.from('abc'), [me]);
    mine[mine.length - 1]! ^= 1;
    expect(() => decryptMessageData(mine, own)).toThrow(EncryptedMessageError);
    expect(() => decryptMessageData(mine.subarray(0, 40), own)).toThrow('encrypted data is truncated');
    const v2 = Buffer.from(mine);
    v2[0] = 2;
    expect(() => decryptMessageData(v2, own)).toThrow('unsupported encrypted data version 2');
  });
});

describe('decodeMessageView with decrypt', () => {
  const decrypt = createMessageDecryptor(own);
  const encryptedView = (category: string) =>
    sampleMessageView(category, encryptMessageData(samplePayloadBytes(category), [me]));

  it('decodes ENCRYPTED_TEXT like PLAIN_TEXT and keeps the category', () => {
    const msg = decodeMessageView(encryptedView('ENCRYPTED_TEXT'), { decrypt });
    expect(msg).toBeInstanceOf(TextMessage);
    expect(msg.category).toBe('ENCRYPTED_TEXT');
    expect(msg.payload).toBe(samplePayload('PLAIN_TEXT'));
  });

  it('decodes ENCRYPTED_IMAGE and ENCRYPTED_TRANSCRIPT into typed payloads', () => {
    const image = decodeMessageView(encryptedView('ENCRYPTED_IMAGE'), { decrypt });
    expect(image).toBeInstanceOf(ImageMessage);
    expect(image.payload).toBeInstanceOf(ImagePayload);
    expect((image as ImageMessage).payload.attachmentId).toBe(I.attachmentId);
    expect(decodeMessageView(encryptedView('ENCRYPTED_TRANSCRIPT'), { decrypt })).toBeInstanceOf(TranscriptMessage);
  });

  it('reads base64url data_base64 before decrypting', () => {
    const view = encryptedView('ENCRYPTED_TEXT');
    view.data_base64 = Buffer.from(view.data as string, 'base64').toString('base64url');
    delete view.data;
    expect(decodeMessageView(view, { decrypt }).payload).toBe(samplePayload('PLAIN_TEXT'));
  });

  it('reports a decrypt failure at the decrypt stage', () => {
    const view = sampleMessageView('ENCRYPTED_TEXT', encryptMessageData(Buffer.from('secret'), [other]));
    try {
      decodeMessageView(view, { decrypt });
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(MessageDecodeError);
      expect(e).toMatchObject({ stage: 'decrypt', category: 'ENCRYPTED_TEXT', messageId: I.messageId });
      expect((e as MessageDecodeError).cause).toBeInstanceOf(EncryptedMessageError);
    }
  });

  it('leaves undecryptable categories and missing decrypt as UnknownMessage', () => {
    expect(decodeMessageView(encryptedView('ENCRYPTED_TEXT'))).toBeInstanceOf(UnknownMessage);
    const odd = sampleMessageView('ENCRYPTED_HOLOGRAM', Buffer.from('x'));
    expect(decodeMessageView(odd, { decrypt })).toBeInstanceOf(UnknownMessage);
  });
});

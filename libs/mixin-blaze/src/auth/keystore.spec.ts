import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { KeystoreError } from './keystore.error.js';
import { resolveKeystore } from './keystore.js';

function seedHex(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url').toString('hex');
}

const good = () => ({ app_id: randomUUID(), session_id: randomUUID(), session_private_key: seedHex(), server_public_key: 'ab' });

describe('resolveKeystore', () => {
  it('accepts a dashboard keystore as an object or JSON text', () => {
    const ks = good();
    const fromObject = resolveKeystore(ks);
    const fromText = resolveKeystore(JSON.stringify(ks));
    expect(fromObject.appId).toBe(ks.app_id);
    expect(fromObject.seed.toString('hex')).toBe(ks.session_private_key);
    expect(createPublicKey(fromText.privateKey).export({ format: 'jwk' }).x).toBe(
      createPublicKey(fromObject.privateKey).export({ format: 'jwk' }).x,
    );
  });

  it.each([
    ['app_id', { app_id: 'not-a-uuid' }],
    ['session_id', { session_id: 42 }],
    ['session_private_key', { session_private_key: 'zz'.repeat(32) }],
    ['session_private_key', { session_private_key: 'ab'.repeat(31) }],
    ['session_private_key', { session_private_key: undefined }],
  ])('names the bad field %s and never echoes the secret', (field, patch) => {
    const ks = { ...good(), ...patch };
    let error: unknown;
    try {
      resolveKeystore(ks);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KeystoreError);
    expect((error as KeystoreError).field).toBe(field);
    expect((error as Error).message).toContain(`"${field}"`);
    if (typeof ks.session_private_key === 'string') expect((error as Error).message).not.toContain(ks.session_private_key);
  });

  it('refuses an RSA keystore with an actionable message', () => {
    expect(() => resolveKeystore({ ...good(), session_private_key: '-----BEGIN RSA PRIVATE KEY-----\nMII...' })).toThrow(
      /RSA sessions are not supported/,
    );
  });

  it('converts the 2020–2023 Ed25519 keystore (client_id, base64url private_key)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
    const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    const clientId = randomUUID();
    const resolved = resolveKeystore({
      client_id: clientId,
      session_id: randomUUID(),
      private_key: Buffer.concat([seed, pub]).toString('base64url'),
      pin_token: 'x',
    });
    expect(resolved.appId).toBe(clientId);
    expect(resolved.seed.equals(seed)).toBe(true);
  });

  it('rejects input that is not JSON or an object', () => {
    expect(() => resolveKeystore('{oops')).toThrow(/"keystore" is a string but not valid JSON/);
    expect(() => resolveKeystore(null)).toThrow(/"keystore" must be an object/);
  });
});

import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { resolveKeystore } from './keystore.js';
import { TokenSigner } from './token-signer.js';

describe('TokenSigner', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const keystore = resolveKeystore({
    app_id: randomUUID(),
    session_id: randomUUID(),
    session_private_key: Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url').toString('hex'),
  });
  const signer = new TokenSigner(keystore);

  it('signs an EdDSA JWT with the Mixin claims; sig of the Blaze handshake is sha256("GET/")', async () => {
    const token = await signer.sign('GET', '/');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', typ: 'JWT' });
    const { payload } = await jwtVerify(token, createPublicKey(keystore.privateKey), { algorithms: ['EdDSA'] });
    expect(payload).toMatchObject({
      uid: keystore.appId,
      sid: keystore.sessionId,
      scp: 'FULL',
      sig: 'f837ebeb4c2981ad9c64b70d0b0d18724c76c60781b9e4bf7a582510df7ada39',
    });
    expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('binds the token to method, path and body, with a fresh jti each time', async () => {
    const a = await signer.sign('post', '/acknowledgements', '[{"message_id":"x"}]');
    const b = await signer.sign('POST', '/acknowledgements', '[{"message_id":"x"}]');
    const key = createPublicKey(keystore.privateKey);
    const [pa, pb] = await Promise.all([jwtVerify(a, key), jwtVerify(b, key)]);
    expect(pa.payload.sig).toBe(pb.payload.sig);
    expect(pa.payload.jti).not.toBe(pb.payload.jti);
    const other = await jwtVerify(await signer.sign('POST', '/messages', '[]'), key);
    expect(other.payload.sig).not.toBe(pa.payload.sig);
  });
});

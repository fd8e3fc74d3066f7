import { createHash, createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { MAX_TOKEN_CHARS, TokenVerifier } from '../testing/emulator-auth.js';
import { generateTestKeystore, privateKeyFromSeed } from '../testing/test-keystore.js';
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

/**
 * The emulator verifies tokens by hand with node:crypto (it ships in the CommonJS build, where the
 * ESM-only jose cannot load). jose stays here as the independent check: what one accepts, so does the other.
 */
describe('the emulator TokenVerifier, checked against TokenSigner and jose', () => {
  const ks = generateTestKeystore();
  const verifier = new TokenVerifier(ks);
  const sessionKey = privateKeyFromSeed(ks.session_private_key);
  const publicKey = createPublicKey(sessionKey);
  const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const now = () => Math.floor(Date.now() / 1000);
  const goodClaims = () => ({
    uid: ks.app_id,
    sid: ks.session_id,
    iat: now(),
    exp: now() + 600,
    jti: randomUUID(),
    sig: createHash('sha256').update('GET/').digest('hex'),
    scp: 'FULL',
  });
  /** Any header and claims, signed with node:crypto over the exact text given. */
  const handSigned = (header: unknown, claims: unknown, key = sessionKey) => {
    const input = `${b64(header)}.${b64(claims)}`;
    return `${input}.${sign(null, Buffer.from(input), key).toString('base64url')}`;
  };
  const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const ours = (token: string) => verifier.check(`Bearer ${token}`, 'GET', '/', '');
  const joseAccepts = (token: string) => jwtVerify(token, publicKey, { algorithms: ['EdDSA', 'Ed25519'] }).then(() => true, () => false);

  it('accepts what TokenSigner signs, as jose does', async () => {
    const token = await new TokenSigner(resolveKeystore(ks)).sign('GET', '/');
    expect(await ours(token)).toMatchObject({ valid: true, claims: { uid: ks.app_id, scp: 'FULL' } });
    expect(await joseAccepts(token)).toBe(true);
  });

  it('accepts what jose signs, under both names of the algorithm', async () => {
    for (const alg of ['EdDSA', 'Ed25519']) {
      const token = await new SignJWT(goodClaims()).setProtectedHeader({ alg, typ: 'JWT' }).sign(sessionKey);
      expect(await ours(token)).toMatchObject({ valid: true });
    }
  });

  const good = () => handSigned({ alg: 'EdDSA', typ: 'JWT' }, goodClaims());
  const malformed: [string, () => string][] = [
    ['two parts', () => good().split('.').slice(0, 2).join('.')],
    ['four parts', () => `${good()}.x`],
    ['an empty signature', () => good().replace(/[^.]+$/, '')],
    ['padding', () => `${good()}=`],
    ['base64 (not base64url) characters', () => good().replace(/[^.]$/, '+')],
    // 64 signature bytes leave 4 unused bits in the last character; setting one spells the same bytes another way.
    ['a non-canonical base64url spelling', () => good().replace(/.$/, (c) => B64URL_ALPHABET[B64URL_ALPHABET.indexOf(c) | 1])],
    ['a header that is not JSON', () => `${b64('{"alg":')}.${good().split('.').slice(1).join('.')}`],
    ['claims that are an array', () => handSigned({ alg: 'EdDSA' }, [goodClaims()])],
    ['claims that are a string', () => handSigned({ alg: 'EdDSA' }, JSON.stringify('claims'))],
    ['claims that are not UTF-8', () => `${b64({ alg: 'EdDSA' })}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.${good().split('.')[2]}`],
    ['a token longer than MAX_TOKEN_CHARS', () => handSigned({ alg: 'EdDSA', pad: 'x'.repeat(MAX_TOKEN_CHARS) }, goodClaims())],
  ];

  it.each(malformed)('refuses %s as a malformed token, without claims', async (_name, make) => {
    const token = make();
    expect(await ours(token)).toEqual({ claims: null, valid: false, reason: 'malformed token' });
  });

  it('refuses what jose refuses in the header and signature, naming why', async () => {
    const [, claims, signature] = good().split('.');
    const cases: [string, string, RegExp][] = [
      ['alg none', `${b64({ alg: 'none' })}.${claims}.${signature}`, /alg "none" not allowed/],
      ['alg HS256', handSigned({ alg: 'HS256' }, goodClaims()), /alg "HS256" not allowed/],
      ['no alg', handSigned({ typ: 'JWT' }, goodClaims()), /alg undefined not allowed/],
      ['a crit header', handSigned({ alg: 'EdDSA', crit: ['exp'] }, goodClaims()), /crit/],
      ['another key', handSigned({ alg: 'EdDSA' }, goodClaims(), generateKeyPairSync('ed25519').privateKey), /^bad signature$/],
      ['claims changed after signing', `${good().split('.')[0]}.${b64({ ...goodClaims(), scp: 'FULL ' })}.${signature}`, /^bad signature$/],
      ['a short signature', `${good().split('.').slice(0, 2).join('.')}.${signature.slice(0, 40)}`, /^bad signature$/],
    ];
    for (const [name, token, reason] of cases) {
      const check = await ours(token);
      expect({ name, valid: check.valid, reason: check.reason }).toEqual({ name, valid: false, reason: expect.stringMatching(reason) });
      expect({ name, jose: await joseAccepts(token) }).toEqual({ name, jose: false });
    }
  });

  it('applies exp, nbf and iat as jose does, with no clock tolerance', async () => {
    const cases: [string, Record<string, unknown>, string | undefined][] = [
      ['exp now', { exp: now() }, 'token expired'],
      ['exp a string', { exp: String(now() + 600) }, 'token rejected (exp is not a number)'],
      ['nbf ahead', { nbf: now() + 60 }, 'token rejected (nbf is in the future)'],
      ['nbf passed', { nbf: now() - 1 }, undefined],
      ['iat a string', { iat: String(now()) }, 'token rejected (iat is not a number)'],
    ];
    for (const [name, claims, reason] of cases) {
      const token = handSigned({ alg: 'EdDSA' }, { ...goodClaims(), ...claims });
      const check = await ours(token);
      expect({ name, valid: check.valid, reason: check.reason }).toEqual({ name, valid: reason === undefined, reason });
      expect({ name, jose: await joseAccepts(token) }).toEqual({ name, jose: reason === undefined });
    }
  });
});

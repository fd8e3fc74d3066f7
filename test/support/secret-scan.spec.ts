import { generateTestKeystore } from 'nestjs-mixin-blaze/testing';
// @ts-expect-error plain JS module shared with jest's globalTeardown
import { findSecrets } from './secret-patterns.mjs';

describe('the suite-wide secret scan', () => {
  it('spots tokens, Authorization headers and private keys', () => {
    const ks = generateTestKeystore();
    expect(findSecrets(`key ${ks.session_private_key} here`)).toContain('hex private key');
    expect(findSecrets('Authorization: Bearer abcdefghijklmnop')).toEqual(expect.arrayContaining(['Authorization header', 'Bearer token']));
    expect(findSecrets('token eyJhbGciOiJFZERTQSJ9.eyJ1aWQiOiJ4In0.c2lnbmF0dXJl')).toContain('JWT');
  });

  it('lets ordinary lines through (ids, hashes of other lengths, words)', () => {
    expect(findSecrets(`message ${crypto.randomUUID()} acked; sig f837ebeb4c29 of 40 bytes; authorization failed`)).toEqual([]);
  });
});

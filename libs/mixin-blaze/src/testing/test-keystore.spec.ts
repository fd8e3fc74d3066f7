import { sign, verify } from 'node:crypto';
import { uniqueConversationId } from './emulator-ids.js';
import { generateTestKeystore, privateKeyFromSeed, publicKeyFromSeed } from './test-keystore.js';

describe('generateTestKeystore', () => {
  it('produces a dashboard-format keystore with a usable 32-byte seed', () => {
    const ks = generateTestKeystore();
    expect(ks.app_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ks.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ks.session_private_key).toMatch(/^[0-9a-f]{64}$/);
    expect(ks.server_public_key).toMatch(/^[0-9a-f]{64}$/);
    const signature = sign(null, Buffer.from('x'), privateKeyFromSeed(ks.session_private_key));
    expect(verify(null, Buffer.from('x'), publicKeyFromSeed(ks.session_private_key), signature)).toBe(true);
    expect(generateTestKeystore().session_private_key).not.toBe(ks.session_private_key);
    expect(generateTestKeystore({ app_id: 'fixed' }).app_id).toBe('fixed');
  });

  it('rejects seeds that are not 64 hex chars', () => {
    expect(() => privateKeyFromSeed('abcd')).toThrow(/64 hex/);
    expect(() => privateKeyFromSeed('zz'.repeat(32))).toThrow(/64 hex/);
  });
});

describe('uniqueConversationId', () => {
  it('is order-independent and has the version/variant bits of the SDK', () => {
    const a = '53bac64e-e1ff-408a-ad0e-aca20cdc68bd';
    const b = 'fcb87491-4fa0-4c2f-b387-262b63cbc112';
    const id = uniqueConversationId(a, b);
    expect(id).toBe(uniqueConversationId(b, a));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

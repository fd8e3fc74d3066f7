import { generateTestKeystore, publicKeyFromSeed } from '../testing/test-keystore.js';
import { checkKeystore } from './keystore-check.js';

const check = (value: unknown, label = 'ks.json') => checkKeystore({ text: typeof value === 'string' ? value : JSON.stringify(value), label });

/** The raw 32-byte Ed25519 public key of a hex seed. */
function publicKeyOf(seedHex: string): Buffer {
  return Buffer.from(publicKeyFromSeed(seedHex).export({ format: 'jwk' }).x ?? '', 'base64url');
}

describe('checkKeystore', () => {
  const ks = generateTestKeystore();

  it('passes a dashboard keystore, naming its ids and never its key', () => {
    const finding = check({ ...ks, spend_private_key: 'cd'.repeat(32) });
    expect(finding.result.status).toBe('ok');
    expect(finding.result.detail).toContain(`app_id ${ks.app_id}`);
    expect(finding.result.detail).toContain('session_private_key is a valid Ed25519 key (not shown)');
    expect(finding.result.detail).toContain('also holds spend_private_key');
    expect(finding.keystore?.appId).toBe(ks.app_id);
    expect(JSON.stringify(finding.result)).not.toMatch(/[0-9a-f]{64}/);
  });

  it('passes the 2020-2023 format (client_id, base64url private_key) and a BOM', () => {
    const seed = Buffer.from(ks.session_private_key, 'hex');
    const whole = Buffer.concat([seed, publicKeyOf(ks.session_private_key)]);
    const legacy = { client_id: ks.app_id, session_id: ks.session_id, private_key: whole.toString('base64url'), pin: '123456', pin_token: 'x' };
    const finding = check(`\uFEFF${JSON.stringify(legacy)}`);
    expect(finding.result).toMatchObject({ status: 'ok', detail: expect.stringContaining('2020-2023 format') });
    expect(finding.result.detail).not.toContain(legacy.private_key);
    expect(finding.result.detail).not.toContain('123456');
  });

  it('lists every missing field at once', () => {
    const { session_id: _s, session_private_key: _k, ...rest } = ks;
    expect(check(rest).result).toMatchObject({ status: 'fail', detail: 'ks.json is missing "session_id", "session_private_key"' });
  });

  it('names the malformed field, not its value', () => {
    const short = 'ab'.repeat(31);
    const finding = check({ ...ks, session_private_key: short });
    expect(finding.result).toMatchObject({ status: 'fail', detail: expect.stringContaining('"session_private_key" must be the hex Ed25519 seed') });
    expect(finding.result.detail).not.toContain(short);
    expect(finding.keystore).toBeUndefined();
    expect(check({ ...ks, app_id: ks.session_private_key }).result.detail).toBe('ks.json: "app_id" must be a UUID');
  });

  it('refuses an RSA session key with what to do', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';
    const finding = check({ client_id: ks.app_id, session_id: ks.session_id, private_key: pem });
    expect(finding.result.detail).toContain('RSA sessions are not supported');
    expect(finding.result.detail).not.toContain('MIIEow');
  });

  it('spots a seed stored with a public key that is not its own', () => {
    const other = generateTestKeystore();
    const mixed = ks.session_private_key + publicKeyOf(other.session_private_key).toString('hex');
    expect(check({ ...ks, session_private_key: mixed }).result.detail).toContain('do not belong together');
    const whole = ks.session_private_key + publicKeyOf(ks.session_private_key).toString('hex');
    expect(check({ ...ks, session_private_key: whole }).result.status).toBe('ok');
  });

  it('never quotes text that is not JSON (the parser would)', () => {
    const text = `{"session_private_key": ${ks.session_private_key}}`;
    const finding = check(text);
    expect(finding.result).toMatchObject({ status: 'fail', detail: 'ks.json is not valid JSON' });
    expect(check('  ').result.detail).toBe('ks.json is empty');
    expect(check([ks]).result.detail).toBe('ks.json is not a JSON object');
  });
});

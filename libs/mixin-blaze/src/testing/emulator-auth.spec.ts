import { generateKeyPairSync } from 'node:crypto';
import { BlazeEmulator } from './blaze-emulator.js';
import { apiCall, RawBlazeClient, signTestToken, UpgradeRefused } from './spec-support.js';

const UNAUTHORIZED = { error: { status: 401, code: 401, description: 'Unauthorized, maybe invalid token.' } };

describe('BlazeEmulator auth', () => {
  let emu: BlazeEmulator;
  const lines: string[] = [];
  beforeEach(async () => {
    lines.length = 0;
    emu = await BlazeEmulator.start({ log: (l) => lines.push(l) });
  });
  afterEach(() => emu.close());

  async function refusal(token: string | undefined, protocol?: string | null): Promise<UpgradeRefused> {
    const err = await RawBlazeClient.connect(emu.blazeUrl, { token, protocol }).then(
      (c) => c.close().then(() => new Error('connected')),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UpgradeRefused);
    return err as UpgradeRefused;
  }

  it('accepts a good token at the upgrade and records it as valid with its claims', async () => {
    const token = await signTestToken(emu.keystore);
    const client = await RawBlazeClient.connect(emu.blazeUrl, { token });
    expect(client.ws.protocol).toBe('Mixin-Blaze-1');
    expect(emu.connections).toBe(1);
    expect(emu.tokens).toHaveLength(1);
    expect(emu.tokens[0]).toMatchObject({ method: 'GET', path: '/', valid: true });
    expect(emu.tokens[0].claims).toMatchObject({ uid: emu.keystore.app_id, sid: emu.keystore.session_id, scp: 'FULL' });
    expect(JSON.stringify(emu.tokens)).not.toContain(token);
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain(emu.keystore.session_private_key);
    await client.close();
  });

  const badTokens: [string, () => Promise<string | undefined>, RegExp][] = [
    ['no token', async () => undefined, /missing bearer/],
    ['garbage', async () => 'not.a.jwt', /malformed|rejected/],
    ['a signature from another key', () => signTestToken(emu.keystore, { key: generateKeyPairSync('ed25519').privateKey }), /bad signature/],
    ['a sig hash of another request', () => signTestToken(emu.keystore, { method: 'POST', path: '/messages' }), /sig does not match GET \//],
    ['an expired token', () => signTestToken(emu.keystore, { claims: { iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 10 } }), /expired/],
    ['iat ten minutes ahead', () => signTestToken(emu.keystore, { claims: { iat: Math.floor(Date.now() / 1000) + 600 } }), /iat/],
    ['another uid', () => signTestToken(emu.keystore, { claims: { uid: '00000000-0000-4000-8000-000000000000' } }), /uid/],
    ['another sid', () => signTestToken(emu.keystore, { claims: { sid: '00000000-0000-4000-8000-000000000000' } }), /sid/],
    ['no jti', () => signTestToken(emu.keystore, { claims: { jti: undefined } }), /jti/],
    ['scp other than FULL', () => signTestToken(emu.keystore, { claims: { scp: 'PROFILE:READ' } }), /scp/],
  ];

  it.each(badTokens)('refuses the upgrade with 401 for %s and records it invalid', async (_name, make, reason) => {
    const err = await refusal(await make());
    expect(err.status).toBe(401);
    expect(JSON.parse(err.body)).toEqual(UNAUTHORIZED);
    expect(emu.tokens).toHaveLength(1);
    expect(emu.tokens[0].valid).toBe(false);
    expect(emu.tokens[0].reason).toMatch(reason);
    expect(emu.connections).toBe(0);
    expect(emu.connectionAttempts).toBe(1);
    expect(emu.refusals[0]).toMatchObject({ kind: 'upgrade' });
  });

  it('refuses an upgrade without the Mixin-Blaze-1 subprotocol', async () => {
    const token = await signTestToken(emu.keystore);
    expect((await refusal(token, null)).status).toBe(400);
    expect((await refusal(await signTestToken(emu.keystore), 'MixinBot-Blaze-1')).status).toBe(400);
    expect(emu.connections).toBe(0);
    expect(emu.connectionAttempts).toBe(2);
    expect(emu.refusals.map((r) => r.reason)).toEqual(['subprotocol Mixin-Blaze-1 required', 'subprotocol Mixin-Blaze-1 required']);
  });

  it('checks HTTP tokens against method, path with query and body', async () => {
    const ok = await apiCall(emu.apiUrl, emu.keystore, 'GET', '/me?fields=all');
    expect(ok.status).toBe(200);
    expect(emu.tokens[0]).toMatchObject({ method: 'GET', path: '/me?fields=all', valid: true });

    const wrongPath = await signTestToken(emu.keystore, { method: 'GET', path: '/me' });
    const bad = await apiCall(emu.apiUrl, emu.keystore, 'GET', '/me?fields=all', undefined, wrongPath);
    expect(bad).toEqual({ status: 401, json: UNAUTHORIZED });

    const body = JSON.stringify([{ message_id: '00000000-0000-4000-8000-000000000001', status: 'READ' }]);
    const otherBody = await signTestToken(emu.keystore, { method: 'POST', path: '/acknowledgements', body: '[]' });
    expect((await apiCall(emu.apiUrl, emu.keystore, 'POST', '/acknowledgements', body, otherBody)).status).toBe(401);
    expect(emu.tokens.map((t) => t.valid)).toEqual([true, false, false]);
    expect(emu.acks).toHaveLength(0);
  });
});

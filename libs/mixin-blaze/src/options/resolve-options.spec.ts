import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { DEFAULT_OPTIONS } from '../mixin-blaze.options.js';
import { isLoopbackHost } from './endpoint-policy.js';
import { BlazeOptionsError } from './blaze-options.error.js';
import { resolveSettings } from './resolve-options.js';

const { privateKey } = generateKeyPairSync('ed25519');
const keystore = {
  app_id: randomUUID(),
  session_id: randomUUID(),
  session_private_key: Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url').toString('hex'),
};

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof BlazeOptionsError) return err.field;
    throw err;
  }
  return undefined;
}

describe('resolveSettings', () => {
  it('applies the documented defaults and keeps the keystore out of the options', () => {
    const { options } = resolveSettings({ keystore });
    expect(options.blazeUrls).toEqual(DEFAULT_OPTIONS.blazeUrls);
    expect(options.apiUrl).toBe('https://api.mixin.one');
    expect(options.ackTransport).toBe('http');
    expect(JSON.stringify(options)).not.toContain(keystore.session_private_key);
  });

  it('refuses plaintext endpoints to non-loopback hosts and says why', () => {
    expect(() => resolveSettings({ keystore, blazeUrl: 'ws://blaze.mixin.one/' })).toThrow(
      /"blazeUrl" uses plaintext ws:\/\/ to the non-loopback host "blaze.mixin.one"/,
    );
    expect(fieldOf(() => resolveSettings({ keystore, apiUrl: 'http://10.0.0.5:8080' }))).toBe('apiUrl');
    expect(fieldOf(() => resolveSettings({ keystore, blazeUrl: ['wss://a.example/', 'ws://b.example/'] }))).toBe('blazeUrl[1]');
  });

  it('allows plaintext on loopback (the emulator)', () => {
    const { options } = resolveSettings({ keystore, blazeUrl: 'ws://127.0.0.1:9000/', apiUrl: 'http://[::1]:9000' });
    expect(options.blazeUrls).toEqual(['ws://127.0.0.1:9000/']);
    expect(['localhost', '127.0.0.1', '127.9.9.9', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', 'example.com', '128.0.0.1', 'localhost.example.com', 'evil.localhost', 'a.b.localhost'].some(isLoopbackHost)).toBe(false);
  });

  it('never echoes an option value in its errors (a keystore pasted into a URL field)', () => {
    const pasted = JSON.stringify(keystore);
    for (const patch of [{ blazeUrl: pasted }, { apiUrl: pasted }, { blazeUrl: `wsx://${keystore.session_private_key}/` }]) {
      let message = '';
      try {
        resolveSettings({ keystore, ...patch });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^MixinBlazeModule option "(blazeUrl|apiUrl)"/);
      expect(message).not.toContain(keystore.session_private_key);
    }
  });

  it('gives ack retries their own backoff, the reconnect settings unless set', () => {
    expect(resolveSettings({ keystore }).options.ackRetry).toEqual(DEFAULT_OPTIONS.reconnect);
    const tuned = resolveSettings({ keystore, reconnect: { initialDelayMs: 50 }, ackRetry: { maxDelayMs: 900 } }).options;
    expect(tuned.reconnect).toEqual({ ...DEFAULT_OPTIONS.reconnect, initialDelayMs: 50 });
    expect(tuned.ackRetry).toEqual({ ...DEFAULT_OPTIONS.reconnect, initialDelayMs: 50, maxDelayMs: 900 });
  });

  it('reads a keystore JSON text that starts with a UTF-8 byte order mark', () => {
    expect(resolveSettings({ keystore: `\uFEFF${JSON.stringify(keystore)}` }).keystore.appId).toBe(keystore.app_id);
  });

  it.each([
    ['ackBatchSize', { ackBatchSize: 101 }],
    ['ackTransport', { ackTransport: 'carrier-pigeon' }],
    ['requestTimeoutMs', { requestTimeoutMs: -1 }],
    ['reconnect.maxDelayMs', { reconnect: { initialDelayMs: 1000, maxDelayMs: 10 } }],
    ['ackRetry.initialDelayMs', { ackRetry: { initialDelayMs: 0 } }],
    ['retry.multiplier', { retry: { multiplier: 0.5 } }],
    ['deadConnectionTimeoutMs', { pingIntervalMs: 5000, deadConnectionTimeoutMs: 4000 }],
    ['keystore', { keystore: undefined }],
  ])('names the bad option %s', (field, patch) => {
    expect(fieldOf(() => resolveSettings({ keystore, ...(patch as object) } as never))).toBe(field);
  });
});

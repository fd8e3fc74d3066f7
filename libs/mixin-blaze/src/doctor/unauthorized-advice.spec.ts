import { unauthorizedFix } from './unauthorized-advice.js';

describe('unauthorizedFix', () => {
  it('blames the clock when it is more than 5 minutes off', () => {
    expect(unauthorizedFix({ skewMs: -301_000, meAccepted: false })).toMatch(/^this machine's clock is 301 s behind the server's, beyond the 5 minutes Mixin allows: fix the clock/);
  });

  it('blames the key when the clocks agree, or when the clock is unknown', () => {
    expect(unauthorizedFix({ skewMs: 200 })).toMatch(/^the clocks agree within 1 s, so the key is wrong: session_private_key must be the key of session_id for app_id/);
    expect(unauthorizedFix({})).toMatch(/^if the clock is right, the key is wrong/);
  });

  it('blames the endpoint when GET /me accepted the same key', () => {
    expect(unauthorizedFix({ skewMs: 0, meAccepted: true })).toContain('check that --blaze-url belongs to the same Mixin service as --api-url');
  });
});

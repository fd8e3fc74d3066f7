import { isIP } from 'node:net';
import { BlazeOptionsError } from './options.error.js';

/** True for hosts that never leave this machine: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

/**
 * Checks one endpoint URL. Plaintext (`ws:`/`http:`) is allowed only on loopback, where the
 * emulator runs, because tokens and message contents would otherwise cross the network in clear.
 */
export function checkEndpoint(field: string, value: unknown, secure: 'wss:' | 'https:'): string {
  const plain = secure === 'wss:' ? 'ws:' : 'http:';
  if (typeof value !== 'string' || value.length === 0) throw new BlazeOptionsError(field, 'must be a URL string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BlazeOptionsError(field, `is not a valid URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol === secure) return url.href;
  if (url.protocol === plain) {
    if (isLoopbackHost(url.hostname)) return url.href;
    throw new BlazeOptionsError(
      field,
      `uses plaintext ${plain}// to the non-loopback host "${url.hostname}"; use ${secure}// (plaintext is only allowed on loopback, e.g. the emulator)`,
    );
  }
  throw new BlazeOptionsError(field, `must use ${secure}// (got ${url.protocol}//)`);
}

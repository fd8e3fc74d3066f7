import { isIP } from 'node:net';
import { BlazeOptionsError } from './blaze-options.error.js';

/**
 * True for hosts that never leave this machine: `localhost`, literal 127.0.0.0/8 and `::1`.
 * Subdomains of localhost (`x.localhost`) are not trusted: whether they resolve to loopback is up
 * to the resolver, and plaintext is only allowed where it certainly never leaves the machine.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

/**
 * Checks one endpoint URL. Plaintext (`ws:`/`http:`) is allowed only on loopback, where the
 * emulator runs, because tokens and message contents would otherwise cross the network in clear.
 * Errors never echo the value: a keystore pasted into the wrong field would otherwise be printed.
 */
export function checkEndpoint(field: string, value: unknown, secure: 'wss:' | 'https:'): string {
  const plain = secure === 'wss:' ? 'ws:' : 'http:';
  if (typeof value !== 'string' || value.length === 0) throw new BlazeOptionsError(field, 'must be a URL string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new BlazeOptionsError(field, `is not a valid URL (the value is not shown, as it may hold a secret)`);
  }
  if (url.protocol === secure) return url.href;
  if (url.protocol === plain) {
    if (isLoopbackHost(url.hostname)) return url.href;
    throw new BlazeOptionsError(
      field,
      `uses plaintext ${plain}// to the non-loopback host "${url.hostname}"; use ${secure}// (plaintext is only allowed on loopback, e.g. the emulator)`,
    );
  }
  throw new BlazeOptionsError(field, `must use ${secure}//`);
}

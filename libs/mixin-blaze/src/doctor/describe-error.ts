import { describeThrown, logSafe } from '../util/log-safe.js';

// What the common system error codes mean for someone checking their network.
const MEANINGS: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'DNS did not answer',
  ECONNREFUSED: 'nothing accepts connections there',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/**
 * A network failure in a few words: the system error code when there is one (ECONNREFUSED,
 * ENOTFOUND, ...) and what it means, else the error's message, escaped and cut. Our transports
 * never put credentials, headers or tokens in their messages, so nothing secret comes through here.
 */
export function describeTransportError(err: unknown): string {
  // HttpTransportError keeps the system error as its cause.
  const failure = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = failure?.code ?? failure?.cause?.code;
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return MEANINGS[code] ? `${code} (${MEANINGS[code]})` : logSafe(code);
  return describeThrown(err, 200);
}

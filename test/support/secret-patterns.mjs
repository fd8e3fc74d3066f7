// What must never appear in a log line: tokens, Authorization headers, private keys.
// Plain JS so that jest's globalTeardown can load it without a transform.
export const SECRET_PATTERNS = [
  { name: 'JWT', pattern: /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/ },
  { name: 'Authorization header', pattern: /\bauthorization\s*[:=]/i },
  { name: 'Bearer token', pattern: /\bBearer\s+\S{8,}/ },
  // An Ed25519 seed or seed+public key in hex, as in session_private_key.
  { name: 'hex private key', pattern: /(?<![0-9a-f])(?:[0-9a-f]{64}|[0-9a-f]{128})(?![0-9a-f])/i },
  { name: 'PEM key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
];

/** The names of the secret patterns a line matches. */
export function findSecrets(line) {
  return SECRET_PATTERNS.filter(({ pattern }) => pattern.test(line)).map(({ name }) => name);
}

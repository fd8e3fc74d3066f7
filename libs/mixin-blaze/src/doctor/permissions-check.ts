import { statSync } from 'node:fs';
import { logSafe } from '../util/log-safe.js';
import { ok, skip, warn, type CheckResult } from './check-result.js';

const NAME = 'permissions';

/**
 * Warns when users other than the owner may read or write the keystore file: it holds the bot's
 * private key. The same rule as auth/keystore-file.ts (`readKeystoreFile`) applies at startup.
 * Windows has no POSIX modes (its ACLs are not checked).
 */
export function checkPermissions(path: string | undefined, platform: NodeJS.Platform = process.platform): CheckResult {
  if (path === undefined) return skip(NAME, 'the keystore came as JSON in MIXIN_KEYSTORE: no file to check');
  if (platform === 'win32') return skip(NAME, 'file modes are not checked on Windows');
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return skip(NAME, 'the file could not be examined');
  }
  const label = logSafe(path, 200);
  const octal = mode.toString(8).padStart(3, '0');
  if ((mode & 0o077) === 0) return ok(NAME, `${label} is private to its owner (mode ${octal})`);
  const who = (mode & 0o007) !== 0 ? 'all users' : 'its group';
  const how = (mode & 0o022) !== 0 ? 'read or changed' : 'read';
  return warn(NAME, `${label} can be ${how} by ${who} (mode ${octal}), and it holds the bot's private key`, `run: chmod 600 ${shellQuote(path)}`);
}

/** Quotes a path for a POSIX shell line the user can paste. */
function shellQuote(path: string): string {
  const safe = logSafe(path, 200);
  return /^[\w./@%+=:,-]+$/.test(safe) ? safe : `'${safe.replace(/'/g, `'\\''`)}'`;
}

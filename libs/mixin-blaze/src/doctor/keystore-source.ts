import { readFileSync, statSync } from 'node:fs';
import { logSafe } from '../util/log-safe.js';
import { fail, type CheckResult } from './check-result.js';

/** Where the keystore comes from: a file, or JSON text held in `MIXIN_KEYSTORE`. */
export type KeystoreSource = { kind: 'file'; path: string } | { kind: 'json'; text: string };

/** The keystore's text and how to name it in the report (a path, or the variable's name: never the JSON). */
export interface LoadedKeystore {
  text: string;
  label: string;
  /** Set for a file: its permissions are checked too. */
  path?: string;
}

// A dashboard keystore is a few hundred bytes; a big file is the wrong file, and is not read whole.
const MAX_KEYSTORE_BYTES = 64 * 1024;

/** `MIXIN_KEYSTORE` holds a path or the JSON itself, as in the README's @nestjs/config example. */
export function sourceFromEnv(value: string): KeystoreSource {
  return value.trim().startsWith('{') ? { kind: 'json', text: value } : { kind: 'file', path: value };
}

/** Reads the keystore text, or says (as a failed `keystore` check) why it cannot be read. */
export function loadKeystore(source: KeystoreSource): LoadedKeystore | CheckResult {
  if (source.kind === 'json') return { text: source.text, label: 'MIXIN_KEYSTORE' };
  const label = logSafe(source.path, 200);
  try {
    const stats = statSync(source.path);
    if (!stats.isFile()) return fail('keystore', `${label} is not a file`, 'pass the path of the keystore JSON file');
    if (stats.size > MAX_KEYSTORE_BYTES) {
      return fail('keystore', `${label} is ${stats.size} bytes; a keystore is under 1 KB`, 'pass the keystore JSON downloaded from the Mixin developer dashboard');
    }
    return { text: readFileSync(source.path, 'utf8'), label, path: source.path };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('keystore', `${label} does not exist`, 'pass the path of the keystore JSON file (--keystore or MIXIN_KEYSTORE)');
    if (code === 'EACCES' || code === 'EPERM') return fail('keystore', `${label} cannot be read by this user`, 'run the doctor as the user the bot runs as');
    return fail('keystore', `${label} cannot be read (${logSafe(code ?? 'unknown error')})`, 'pass the path of the keystore JSON file');
  }
}

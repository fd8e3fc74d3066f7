import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS } from '../mixin-blaze.options.js';
import { checkEndpoint } from '../options/endpoint-policy.js';
import { sourceFromEnv, type KeystoreSource } from './keystore-source.js';
import type { DoctorConfig } from './run-doctor.js';

/** The help text of `nestjs-mixin-blaze doctor`. */
export const USAGE = `Usage: nestjs-mixin-blaze doctor --keystore <path> [options]

Checks a Mixin bot's keystore and this machine's access to Mixin, one line per check:
the keystore's fields (offline; no secret is ever printed), the file's permissions, this
machine's clock against the server's, a signed GET /me, and one Blaze websocket
connection (opened and closed again: no message is read or acknowledged).

Options:
  --keystore <path>   the keystore JSON file from the Mixin developer dashboard
                      (default: $MIXIN_KEYSTORE, holding a path or the JSON itself)
  --api-url <url>     the Mixin HTTP API (default ${DEFAULT_OPTIONS.apiUrl})
  --blaze-url <url>   the Blaze websocket (default ${DEFAULT_OPTIONS.blazeUrls[0]})
  --timeout-ms <ms>   deadline of each network step (default ${DEFAULT_OPTIONS.requestTimeoutMs})
  -h, --help          show this help

Plaintext http:// and ws:// are accepted only for loopback hosts (e.g. the emulator).
Exit status: 0 all checks passed (warnings allowed), 1 a check failed, 2 usage error.`;

/** What the command line asks for: a run, the help text, or a usage error to print. */
export type ParsedArgs = { kind: 'run'; config: DoctorConfig } | { kind: 'help' } | { kind: 'usage-error'; message: string };

const OPTIONS = {
  keystore: { type: 'string' },
  'api-url': { type: 'string' },
  'blaze-url': { type: 'string' },
  'timeout-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MAX_TIMEOUT_MS = 600_000;

const parse = (args: string[]) => parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });

/** Reads `doctor [options]` from argv (without node and the script) and `MIXIN_KEYSTORE`. */
export function parseDoctorArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse([...argv]);
  } catch (err) {
    return usageError(describeParseError(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length === 0) return usageError('missing the command: doctor');
  // Positionals are not echoed: a mistyped command line may hold a pasted secret.
  if (positionals[0] !== 'doctor' || positionals.length > 1) return usageError('the only command is: doctor');
  const keystore = keystoreSource(values.keystore, env.MIXIN_KEYSTORE);
  if (typeof keystore === 'string') return usageError(keystore);
  const timeoutMs = values['timeout-ms'] === undefined ? DEFAULT_OPTIONS.requestTimeoutMs : Number(values['timeout-ms']);
  if (!/^\d+$/.test(values['timeout-ms'] ?? '1') || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    return usageError(`--timeout-ms must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  }
  try {
    // The module's own endpoint policy: plaintext only to loopback, and the value never echoed.
    const apiUrl = checkEndpoint('--api-url', values['api-url'] ?? DEFAULT_OPTIONS.apiUrl, 'https:').replace(/\/+$/, '');
    const blazeUrl = checkEndpoint('--blaze-url', values['blaze-url'] ?? DEFAULT_OPTIONS.blazeUrls[0], 'wss:');
    return { kind: 'run', config: { keystore, apiUrl, blazeUrl, timeoutMs } };
  } catch (err) {
    return usageError((err as Error).message.replace(/^MixinBlazeModule option "([^"]+)"/, '$1'));
  }
}

function keystoreSource(flag: string | undefined, env: string | undefined): KeystoreSource | string {
  if (flag !== undefined) {
    if (flag.trim() === '') return '--keystore needs a path';
    // Command lines show in `ps` and shell history: the JSON itself belongs in the environment.
    if (flag.trim().startsWith('{')) return '--keystore takes a file path; to pass the JSON itself, set MIXIN_KEYSTORE (command lines are visible to other users)';
    return { kind: 'file', path: flag };
  }
  if (env !== undefined && env.trim() !== '') return sourceFromEnv(env);
  return '--keystore <path> is required (or set MIXIN_KEYSTORE to a path or to the keystore JSON)';
}

/** parseArgs quotes what was typed; only the option's name is kept. */
function describeParseError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const name = /'(--?[A-Za-z][\w-]*)/.exec((err as Error).message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return name ? `unknown option ${name}` : 'unknown option';
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return name ? `${name} needs a value` : 'an option needs a value';
  return 'invalid arguments';
}

function usageError(message: string): ParsedArgs {
  return { kind: 'usage-error', message };
}

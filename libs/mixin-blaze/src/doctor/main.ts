import { describeThrown } from '../util/log-safe.js';
import { parseDoctorArgs, USAGE } from './args.js';
import { exitCodeOf, formatResult, formatSummary } from './report.js';
import { runDoctor } from './run-doctor.js';

/** Where the doctor writes, and the environment it reads (`MIXIN_KEYSTORE`). */
export interface DoctorIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

/** Exit statuses: all checks passed, a check failed, the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * `nestjs-mixin-blaze doctor ...`: parses argv (without node and the script), runs the checks,
 * prints one line per check and a summary, and resolves to the exit status. Never rejects.
 * Kept free of top-level await and import.meta so that a CommonJS build runs it too.
 */
export async function main(argv: readonly string[], io: DoctorIo): Promise<number> {
  const args = parseDoctorArgs(argv, io.env);
  if (args.kind === 'help') {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (args.kind === 'usage-error') {
    io.stderr(`nestjs-mixin-blaze: ${args.message}`);
    io.stderr('Run `nestjs-mixin-blaze doctor --help` for the options.');
    return EXIT.usage;
  }
  try {
    const results = await runDoctor(args.config, (result) => io.stdout(formatResult(result)));
    io.stdout(formatSummary(results));
    return exitCodeOf(results);
  } catch (err) {
    // A bug, not a finding: say so without a stack (whose frames could quote arguments).
    io.stderr(`nestjs-mixin-blaze doctor stopped unexpectedly: ${describeThrown(err)}`);
    return EXIT.failed;
  }
}

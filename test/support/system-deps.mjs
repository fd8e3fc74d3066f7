// Debian programs the suite runs for real: redis-server (cluster tests) and chromium (playground
// test). Missing ones are installed when this machine can (Debian, root); elsewhere the run stops
// with the exact command to type. Used by jest's globalSetup and by .ci/run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Program → the Debian package that provides it. */
export const SYSTEM_PROGRAMS = { 'redis-server': 'redis-server', chromium: 'chromium' };

/** The absolute path of `program` on PATH, or undefined. */
export function findProgram(program) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(`${dir}/${program}`)) return `${dir}/${program}`;
  }
  return undefined;
}

/** Installs whatever of SYSTEM_PROGRAMS is missing, or throws naming the command that would. */
export function ensureSystemPrograms(programs = Object.keys(SYSTEM_PROGRAMS)) {
  const missing = programs.filter((p) => findProgram(p) === undefined);
  if (missing.length === 0) return;
  const packages = missing.map((p) => SYSTEM_PROGRAMS[p]);
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const canInstall = existsSync('/etc/debian_version') && process.getuid?.() === 0 && findProgram('apt-get') !== undefined;
  if (!canInstall) {
    throw new Error(`the tests need ${missing.join(' and ')}, which this machine lacks. Install ${packages.length > 1 ? 'them' : 'it'} first:\n  sudo sh -c '${command}'\n(on Debian or Ubuntu; elsewhere, install ${missing.join(' and ')} with your package manager)`);
  }
  console.log(`\ninstalling ${packages.join(', ')} for the tests: ${command}`);
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`\`apt-get ${args.join(' ')}\` failed (exit ${run.status}); run it by hand: ${command}`);
  }
  const still = missing.filter((p) => findProgram(p) === undefined);
  if (still.length > 0) throw new Error(`installed ${packages.join(', ')}, yet ${still.join(', ')} is still not on PATH`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureSystemPrograms();

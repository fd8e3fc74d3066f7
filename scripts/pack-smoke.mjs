// Packs dist/libs/mixin-blaze, installs the tarball into a scratch app in a temp folder outside the
// repo, type-checks and compiles a small bot against the installed package, and runs one message
// through it with the packaged emulator. Run `npm run build` first.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'mixin-blaze-pack-'));
function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
  } catch (err) {
    process.stderr.write(err.stdout?.toString() ?? '');
    throw new Error(`${[cmd, ...args].join(' ')} exited with ${err.status}`);
  }
}
const installed = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

try {
  const tarball = run('npm', ['pack', join(root, 'dist/libs/mixin-blaze'), '--pack-destination', scratch, '--silent'], root).trim().split('\n').pop();
  console.log(`packed ${tarball}`);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-bot', private: true, type: 'module' }));
  const peers = ['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'class-validator', 'class-transformer', 'rxjs', '@types/node'];
  // Same versions as this repo's lockfile, so the install is served from npm's cache when it can be.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', join(scratch, tarball), ...peers.map((p) => `${p}@${installed(p)}`)], scratch);
  copyFileSync(join(root, 'scripts/pack-smoke/app.ts'), join(scratch, 'app.ts'));
  copyFileSync(join(root, 'scripts/pack-smoke/tsconfig.json'), join(scratch, 'tsconfig.json'));
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', scratch], scratch);
  process.stdout.write(run(process.execPath, [join(scratch, 'out/app.js')], scratch));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// Compiles libs/mixin-blaze into dist/libs/mixin-blaze and writes the package.json that makes it
// the installable npm package `nestjs-mixin-blaze` (entry points `.` and `./testing`).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../', import.meta.url);
const out = new URL('dist/libs/mixin-blaze/', root);
const require = createRequire(import.meta.url);
const rootPkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const libPkg = JSON.parse(readFileSync(new URL('libs/mixin-blaze/package.json', root), 'utf8'));

rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], {
  cwd: root,
  stdio: 'inherit',
});

const range = (name) => rootPkg.dependencies[name] ?? rootPkg.devDependencies[name];
const entry = (dir) => ({ types: `./${dir}index.d.ts`, import: `./${dir}index.js`, default: `./${dir}index.js` });
const pkg = {
  ...libPkg,
  version: rootPkg.version,
  type: 'module',
  main: './index.js',
  types: './index.d.ts',
  exports: { '.': entry(''), './testing': entry('testing/'), './package.json': './package.json' },
  dependencies: Object.fromEntries(['ws', 'jose'].map((n) => [n, range(n)])),
  peerDependencies: Object.fromEntries(
    ['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'class-validator', 'class-transformer', 'rxjs'].map((n) => [n, range(n)]),
  ),
  engines: rootPkg.engines,
};
writeFileSync(new URL('package.json', out), JSON.stringify(pkg, null, 2) + '\n');
for (const file of ['README.md', 'LICENSE']) {
  if (existsSync(new URL(file, root))) copyFileSync(new URL(file, root), new URL(file, out));
}
console.log(`built ${pkg.name}@${pkg.version} into dist/libs/mixin-blaze`);

// Compiles libs/mixin-blaze twice from the same sources, ESM into dist/libs/mixin-blaze/esm and
// CommonJS into dist/libs/mixin-blaze/cjs, and writes the package.json that makes the folder the
// installable npm package `nestjs-mixin-blaze` (entry points `.` and `./testing`, each for both
// `import` and `require`). Why the exports map looks the way it does: see `entry` below.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const root = new URL('../', import.meta.url);
const out = new URL('dist/libs/mixin-blaze/', root);
const require = createRequire(import.meta.url);
const rootPkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const libPkg = JSON.parse(readFileSync(new URL('libs/mixin-blaze/package.json', root), 'utf8'));
const write = (path, value) => writeFileSync(new URL(path, out), JSON.stringify(value, null, 2) + '\n');

rmSync(out, { recursive: true, force: true });
// The two compilations are independent; running them side by side halves the wait on two cores.
const tsc = (project) => promisify(execFile)(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], { cwd: root });
const results = await Promise.allSettled([tsc('tsconfig.lib.json'), tsc('tsconfig.lib.cjs.json')]);
for (const r of results) {
  if (r.status === 'rejected') {
    process.stderr.write(`${r.reason.stdout ?? ''}${r.reason.stderr ?? ''}`);
    process.exit(1);
  }
}
// Each half says which module system its .js and .d.ts files are, for Node and for TypeScript.
write('esm/package.json', { type: 'module' });
write('cjs/package.json', { type: 'commonjs' });

// Node 20.19+ and 22.12+ (where require() can load ESM) enable `module-sync` for import and
// require alike: both then get the ESM build, so one process holds one copy of every class.
// Older Node sends require() to the CJS build, the only way CommonJS apps load there. Jest
// claims `module-sync` for require() only where it can run ESM synchronously (Node 24.9+).
const entry = (dir) => ({
  import: { types: `./esm/${dir}index.d.ts`, default: `./esm/${dir}index.js` },
  'module-sync': { types: `./esm/${dir}index.d.ts`, default: `./esm/${dir}index.js` },
  require: { types: `./cjs/${dir}index.d.ts`, default: `./cjs/${dir}index.js` },
});
// The published ranges of the peers live in libs/mixin-blaze/package.json (what users may install);
// the root package.json pins what this repository develops against.
const range = (name) => rootPkg.dependencies[name] ?? rootPkg.devDependencies[name];
const { peerDependencies, ...about } = libPkg;
const pkg = {
  ...about,
  version: rootPkg.version,
  type: 'commonjs',
  main: './cjs/index.js',
  types: './cjs/index.d.ts',
  // TypeScript's node10 resolution (the default of `"module": "commonjs"`) ignores `exports`.
  typesVersions: { '*': { testing: ['./cjs/testing/index.d.ts'] } },
  exports: { '.': entry(''), './testing': entry('testing/'), './package.json': './package.json' },
  // The keystore doctor (`npx nestjs-mixin-blaze doctor`); the CommonJS build runs on every supported Node.
  bin: { 'nestjs-mixin-blaze': './cjs/doctor/cli.js' },
  // Only what the library loads at run time; jose (ESM-only) is a devDependency for the tests.
  dependencies: Object.fromEntries(['ws'].map((n) => [n, range(n)])),
  peerDependencies,
  engines: rootPkg.engines,
};
write('package.json', pkg);
for (const file of ['README.md', 'LICENSE']) {
  if (existsSync(new URL(file, root))) copyFileSync(new URL(file, root), new URL(file, out));
}
console.log(`built ${pkg.name}@${pkg.version} into dist/libs/mixin-blaze (esm/ and cjs/)`);

// Checks the built package's compiled files (both halves of dist/libs/mixin-blaze) import only Node
// built-ins, their own files, and packages its package.json declares. An undeclared import would
// work here (the repository's node_modules has it) and fail in a user's app; an ESM-only package
// such as jose would also break require() on Node without require(esm).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../dist/libs/mixin-blaze/', import.meta.url));
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
// What tsc emits for the sources' imports: require("x") in cjs/; from "x", import "x" and import("x") in esm/.
const specifiers = /\brequire\("([^"]+)"\)|\bfrom ["']([^"']+)["']|^import ["']([^"']+)["']|\bimport\(["']([^"']+)["']\)/gm;
const packageName = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

const problems = [];
let files = 0;
for (const half of ['cjs', 'esm']) {
  for (const file of readdirSync(join(dir, half), { recursive: true })) {
    if (!file.endsWith('.js')) continue;
    files++;
    for (const m of readFileSync(join(dir, half, file), 'utf8').matchAll(specifiers)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
      if (!declared.has(packageName(spec))) problems.push(`${half}/${file} imports ${spec}, which package.json does not declare`);
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`package imports: ${files} compiled files import only built-ins, their own files and ${[...declared].join(', ')}`);

// Optional peers (prom-client, @nestjs/terminus, @opentelemetry/api, ...) are loaded only when an
// option asks for them (README, "Health and metrics"): no compiled file may import one statically,
// and the entry points' declaration files may not reach one, so that an app without them installs,
// compiles and starts. A dynamic import() is what tsc emits as `Promise.resolve().then(() => __importStar(require(...)))` in cjs/.
const optional = Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name);
const staticImport = /\bfrom ["']([^"']+)["']|^import ["']([^"']+)["']|^(?:const|var|let) \w+ = (?:__importDefault\(|__importStar\()?require\(["']([^"']+)["']\)/gm;
const declarationImport = /\bfrom ["']([^"']+)["']|\bimport\(["']([^"']+)["']\)|^import ["']([^"']+)["']/gm;
const optionalProblems = [];
for (const half of ['cjs', 'esm']) {
  for (const file of readdirSync(join(dir, half), { recursive: true })) {
    if (!file.endsWith('.js')) continue;
    for (const m of readFileSync(join(dir, half, file), 'utf8').matchAll(staticImport)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (optional.includes(packageName(spec))) optionalProblems.push(`${half}/${file} imports the optional peer ${spec} statically; load it with import() when its option is on`);
    }
  }
  // The declaration files TypeScript reads for `nestjs-mixin-blaze` and `nestjs-mixin-blaze/testing`.
  const queue = [join(dir, half, 'index.d.ts'), join(dir, half, 'testing', 'index.d.ts')];
  const seen = new Set(queue);
  while (queue.length) {
    const file = queue.shift();
    for (const m of readFileSync(file, 'utf8').matchAll(declarationImport)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (optional.includes(packageName(spec))) optionalProblems.push(`${file.slice(dir.length)} (reached from an entry point's types) imports the optional peer ${spec}`);
      if (!spec.startsWith('.')) continue;
      const target = join(file, '..', spec.replace(/\.js$/, '.d.ts'));
      if (!seen.has(target)) seen.add(target), queue.push(target);
    }
  }
}
// And at run time: requiring the CommonJS entry points loads none of them.
const { createRequire } = await import('node:module');
const requireHere = createRequire(join(dir, 'package.json'));
requireHere(join(dir, 'cjs', 'index.js'));
requireHere(join(dir, 'cjs', 'testing', 'index.js'));
for (const loaded of Object.keys(requireHere.cache)) {
  const hit = optional.find((name) => loaded.includes(`/node_modules/${name}/`));
  if (hit) optionalProblems.push(`require('nestjs-mixin-blaze') loaded the optional peer ${hit} (${loaded})`);
}
if (optionalProblems.length) {
  console.error(optionalProblems.join('\n'));
  process.exit(1);
}
console.log(`optional peers (${optional.join(', ')}): imported only dynamically, absent from the entry points' types, not loaded by require()`);

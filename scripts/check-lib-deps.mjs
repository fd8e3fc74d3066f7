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

/**
 * Transpiles the library sources and bench/ into dist/bench/ (git-ignored) before a run, so that
 * the server and contender processes run plain JavaScript with no loader. Running them through
 * scripts/ts-loader.mjs would load the TypeScript compiler into every measured process: about
 * 80 MB of RSS and some CPU that belong to no contender. Same compiler options as the loader.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  sourceMap: false,
};

function* tsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** Builds into `<root>/dist/bench` and returns that directory (which mirrors the repository layout). */
export function buildBench(root: string): string {
  const out = join(root, 'dist', 'bench');
  rmSync(out, { recursive: true, force: true });
  const libIndex = join(out, 'libs/mixin-blaze/src/index.js');
  const testingIndex = join(out, 'libs/mixin-blaze/src/testing/index.js');
  for (const dir of ['libs/mixin-blaze/src', 'bench']) {
    for (const file of tsFiles(join(root, dir))) {
      const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: COMPILER_OPTIONS, fileName: file });
      const rel = (to: string) => {
        const r = relative(dirname(target), to);
        return r.startsWith('.') ? r : `./${r}`;
      };
      // The package names resolve to the sources, as tsconfig `paths` and the loader do.
      const text = outputText
        .replace(/(from\s+|import\s*\(\s*)(['"])nestjs-mixin-blaze\/testing\2/g, (_m, p: string, q: string) => `${p}${q}${rel(testingIndex)}${q}`)
        .replace(/(from\s+|import\s*\(\s*)(['"])nestjs-mixin-blaze\2/g, (_m, p: string, q: string) => `${p}${q}${rel(libIndex)}${q}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  return out;
}

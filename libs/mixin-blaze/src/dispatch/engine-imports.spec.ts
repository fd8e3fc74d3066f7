import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The engine runs without Nest (docs/architecture.md): these folders, and everything they import,
 * must not import `@nestjs/*`. Nest's glue lives in `nest/` and the module files at the root.
 */
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE_FOLDERS = ['dispatch', 'transport', 'api', 'messages', 'sending', 'util'];

const IMPORT = /(?:^|[\s;])(?:import|export)(?:[\s\S]*?\sfrom)?\s*\(?\s*['"]([^'"]+)['"]/gm;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]);
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every Nest import reachable from `roots` through relative imports, with the chain that reaches it. */
function nestImportsReachableFrom(roots: string[]): string[] {
  const found: string[] = [];
  const via = new Map<string, string[]>(roots.map((f) => [f, [f]]));
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const chain = via.get(file)!;
    for (const spec of importsOf(file)) {
      if (spec.startsWith('@nestjs/')) {
        found.push(`${chain.map((f) => relative(SRC, f)).join(' → ')} imports ${spec}`);
      } else if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        if (via.has(target)) continue;
        via.set(target, [...chain, target]);
        queue.push(target);
      }
    }
  }
  return found;
}

describe('the engine imports nothing from Nest', () => {
  it.each(ENGINE_FOLDERS)('%s/ reaches no @nestjs import, directly or through the files it imports', (folder) => {
    const files = sourcesUnder(join(SRC, folder));
    expect(files.length).toBeGreaterThan(0);
    expect(nestImportsReachableFrom(files)).toEqual([]);
  });

  it('finds a Nest import when there is one: direct, type-only, or through another file', () => {
    expect(importsOf(join(SRC, 'nest', 'blaze-context-type.ts'))).toContain('@nestjs/common'); // `import type`
    expect(nestImportsReachableFrom([join(SRC, 'mixin-blaze.module.ts')]).length).toBeGreaterThan(0);
    expect(nestImportsReachableFrom([join(SRC, 'nest', 'guard-refusal.ts')])).toContain('nest/guard-refusal.ts imports @nestjs/common');
    // index.ts imports no @nestjs package itself; the files it re-exports do, and the finding names the chain.
    expect(nestImportsReachableFrom([join(SRC, 'index.ts')]).some((line) => line.includes(' → '))).toBe(true);
  });
});

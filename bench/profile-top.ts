/**
 * Summarises V8 .cpuprofile files (from `npm run bench -- --profile`, written to dist/bench-profiles/):
 * self time per function, as file:function and % of samples, top 30.
 *
 *   node --import ./scripts/ts-loader.mjs bench/profile-top.ts dist/bench-profiles/ours-http-*.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Node {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const top = Number(process.env.TOP ?? 30);
const files = process.argv.slice(2);
// FROM=onFrame counts only samples from the first one whose stack holds that function: the timed
// window, without module loading and Nest's boot.
const from = process.env.FROM;
if (!files.length) throw new Error('usage: profile-top.ts <file.cpuprofile>...');
const self = new Map<string, number>();
const byFile = new Map<string, number>();
/** Inclusive time of the library's own functions (and the bench's), each counted once per sample. */
const inclusive = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const names = new Map<number, [string, string]>();
  for (const n of profile.nodes) {
    const url = n.callFrame.url;
    let where = url.startsWith('file://') ? relative(ROOT, fileURLToPath(url)) : url || '(native)';
    where = where.replace(/^dist\/bench\//, '');
    const fn = n.callFrame.functionName || '(anonymous)';
    names.set(n.id, [`${where}:${fn}${url ? `:${n.callFrame.lineNumber + 1}` : ''}`, where]);
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let started = !from;
  for (const id of profile.samples) {
    if (!started) {
      for (let at: number | undefined = id; at !== undefined && !started; at = parent.get(at)) started = names.get(at)![0].includes(`:${from}:`);
      if (!started) continue;
    }
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const [k, w] = names.get(at)!;
      if ((w.startsWith('libs/') || w.startsWith('bench/')) && !seen.has(k)) {
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + 1);
      }
    }
    const [key, where] = names.get(id)!;
    self.set(key, (self.get(key) ?? 0) + 1);
    const bucket = where.startsWith('node_modules/') ? where.split('/').slice(0, where.startsWith('node_modules/@') ? 3 : 2).join('/') : where;
    byFile.set(bucket, (byFile.get(bucket) ?? 0) + 1);
    total++;
  }
}
const pct = (v: number) => `${((v / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`${total} samples from ${files.length} profile(s)\n\nself time by function:`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
console.log('\ninclusive time of library / bench functions:');
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);
console.log('\nself time by file / package:');
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`);

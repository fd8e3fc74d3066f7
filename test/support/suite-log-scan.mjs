// jest globalTeardown: scans every log line the suite produced for secrets; any hit fails the run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findSecrets } from './secret-patterns.mjs';

export default function () {
  const dir = fileURLToPath(new URL('../../.scratch/suite-logs/', import.meta.url));
  const files = existsSync(dir) ? readdirSync(dir) : [];
  let lines = 0;
  const hits = [];
  for (const file of files) {
    for (const line of readFileSync(dir + file, 'utf8').split('\n')) {
      if (!line) continue;
      lines++;
      const found = findSecrets(line);
      // Print where and what kind, never the line itself: it holds the secret.
      if (found.length > 0) hits.push(`${file}: ${line.split('\t')[0]}: ${found.join(', ')}`);
    }
  }
  if (hits.length > 0) throw new Error(`secret scan: ${hits.length} log lines leak secrets:\n${hits.slice(0, 20).join('\n')}`);
  console.log(`\nsecret scan: ${lines} log lines from ${files.length} test processes, no private key, token or Authorization header`);
}

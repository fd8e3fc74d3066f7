// jest globalSetup: start every run with an empty suite log, and make sure the real programs the
// suite runs (redis-server, chromium) are installed (test/support/system-deps.mjs).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureSystemPrograms } from './system-deps.mjs';

export default function () {
  rmSync(fileURLToPath(new URL('../../.scratch/suite-logs/', import.meta.url)), { recursive: true, force: true });
  ensureSystemPrograms();
}

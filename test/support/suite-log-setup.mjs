// jest globalSetup: start every run with an empty suite log.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function () {
  rmSync(fileURLToPath(new URL('../../.scratch/suite-logs/', import.meta.url)), { recursive: true, force: true });
}

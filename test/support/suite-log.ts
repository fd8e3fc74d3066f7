import { appendFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where every test process drops the log lines it saw, for the end-of-suite secret scan. */
export const SUITE_LOG_DIR = fileURLToPath(new URL('../../.scratch/suite-logs/', import.meta.url));

let ready = false;

/** Records lines some part of the suite logged (an app's logger, a child process's output). */
export function recordSuiteLog(source: string, text: string): void {
  const lines = text.split('\n').filter((l) => l.length > 0).map((l) => `${source}\t${l}`);
  if (lines.length === 0) return;
  // Logging must never break the code under test: a jest run elsewhere may clear the folder meanwhile.
  try {
    if (!ready) mkdirSync(SUITE_LOG_DIR, { recursive: true });
    ready = true;
    appendFileSync(`${SUITE_LOG_DIR}${process.pid}.log`, lines.join('\n') + '\n');
  } catch {
    ready = false;
  }
}

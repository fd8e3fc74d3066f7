import type { CheckResult, CheckStatus } from './check-result.js';

const LABELS: Record<CheckStatus, string> = { ok: 'OK', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

/** One report line: `FAIL  clock        <what was found>. Fix: <what to do>`. */
export function formatResult(result: CheckResult): string {
  const fix = result.fix ? `. Fix: ${result.fix}` : '';
  // Server messages may end in a full stop of their own.
  const detail = result.fix ? result.detail.replace(/\.+$/, '') : result.detail;
  return `${LABELS[result.status].padEnd(6)}${result.name.padEnd(13)}${detail}${fix}`;
}

/** The closing line: how many checks passed, failed or warned, and which. */
export function formatSummary(results: readonly CheckResult[]): string {
  const names = (status: CheckStatus) => results.filter((r) => r.status === status).map((r) => r.name);
  const failed = names('fail');
  const warned = names('warn');
  const warnings = warned.length === 0 ? '' : `${warned.length} warning${warned.length > 1 ? 's' : ''} (${warned.join(', ')})`;
  if (failed.length === 0) {
    const passed = results.filter((r) => r.status === 'ok' || r.status === 'warn').length;
    return `Summary: all ${passed} checks passed${warnings ? `, with ${warnings}` : ''}.`;
  }
  const what = `${failed.length} of ${results.length} checks failed (${failed.join(', ')})`;
  // A wrong key or clock fails every later check too: the first failure is the one to fix.
  const first = failed.length > 1 ? ' Fix the first failure first: the later ones may follow from it.' : '';
  return `Summary: ${what}${warnings ? `, and ${warnings}` : ''}.${first}`;
}

/** 0 when nothing failed (warnings allowed), 1 otherwise. */
export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

import { fail, ok, skip, warn } from './check-result.js';
import { exitCodeOf, formatResult, formatSummary } from './report.js';

describe('the report', () => {
  it('prints one aligned line per check, with the fix after what was found', () => {
    expect(formatResult(ok('clock', 'within 1 s'))).toBe('OK    clock        within 1 s');
    expect(formatResult(fail('GET /me', 'code 401 Unauthorized.', 'fix the key'))).toBe('FAIL  GET /me      code 401 Unauthorized. Fix: fix the key');
  });

  it('sums up, and exits 1 only when a check failed', () => {
    const good = [ok('keystore', ''), warn('permissions', '', 'chmod'), skip('x', '')];
    expect(formatSummary(good)).toBe('Summary: all 2 checks passed, with 1 warning (permissions).');
    expect(exitCodeOf(good)).toBe(0);
    const bad = [...good, fail('GET /me', '', ''), fail('Blaze', '', '')];
    expect(formatSummary(bad)).toBe(
      'Summary: 2 of 5 checks failed (GET /me, Blaze), and 1 warning (permissions). Fix the first failure first: the later ones may follow from it.',
    );
    expect(exitCodeOf(bad)).toBe(1);
  });
});

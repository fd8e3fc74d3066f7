/** How one check ended. `warn` is a risk worth fixing that does not stop a bot from working. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One line of the doctor's report. */
export interface CheckResult {
  /** Short name of what was checked, e.g. `keystore` or `GET /me`. */
  name: string;
  status: CheckStatus;
  /** What was found. Never holds a key, a token or a header value. */
  detail: string;
  /** What to do about it, for `warn` and `fail`. */
  fix?: string;
}

/** A result with `status` and `name` filled in: checks build theirs with these. */
export const ok = (name: string, detail: string): CheckResult => ({ name, status: 'ok', detail });
export const warn = (name: string, detail: string, fix: string): CheckResult => ({ name, status: 'warn', detail, fix });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, status: 'fail', detail, fix });
export const skip = (name: string, detail: string): CheckResult => ({ name, status: 'skip', detail });

import { MixinApiError } from '../api/mixin-api.error.js';
import type { MixinHttpClient } from '../api/mixin-http-client.js';
import { logSafe } from '../util/log-safe.js';
import { fail, ok, warn, type CheckResult } from './check-result.js';
import { unauthorizedFix } from './unauthorized-advice.js';

const NAME = 'GET /me';

/** The profile fields of Mixin's `GET /me` answer (a UserView) the report shows. */
interface MeView {
  user_id?: unknown;
  full_name?: unknown;
  identity_number?: unknown;
}

/**
 * One signed `GET /me` (docs/protocol.md §1.2: `sig` over `GET/me`), through the module's own
 * MixinHttpClient, so that it passes exactly when the bot's signed requests (acks, sends) would.
 */
export async function checkMe(client: MixinHttpClient, appId: string, skewMs: number | undefined): Promise<CheckResult> {
  let me: MeView | undefined;
  try {
    me = await client.request<MeView>('GET', '/me');
  } catch (err) {
    return refused(err, skewMs);
  }
  if (!me || typeof me !== 'object') return fail(NAME, 'the server answered without a user', 'check that --api-url is the Mixin API');
  const who = `${logSafe(me.full_name, 60)} (Mixin ID ${logSafe(me.identity_number, 20)}, user ${logSafe(me.user_id, 40)})`;
  if (typeof me.user_id === 'string' && me.user_id.toLowerCase() !== appId) {
    return warn(NAME, `signed in as ${who}, which is not app_id ${appId}`, 'check that app_id in the keystore is the bot\'s');
  }
  return ok(NAME, `signed in as ${who}`);
}

function refused(err: unknown, skewMs: number | undefined): CheckResult {
  // MixinApiError messages name the request (method, redacted URL) and quote the server safely.
  const message = err instanceof MixinApiError ? err.message : 'failed';
  if (!(err instanceof MixinApiError)) return fail(NAME, message, 'run the doctor again; report it if it persists');
  if (err.status === 401 || err.code === 401) return fail(NAME, message, unauthorizedFix({ skewMs }));
  if (err.status === 0) return fail(NAME, message, 'check --api-url and that this machine can reach it over HTTPS');
  if (err.status === 429 || err.code === 429) return fail(NAME, message, 'Mixin is rate-limiting this bot: wait a minute and run the doctor again');
  if (err.status >= 500) return fail(NAME, message, 'the Mixin API is failing: try again later');
  return fail(NAME, message, 'check that --api-url is the Mixin API');
}

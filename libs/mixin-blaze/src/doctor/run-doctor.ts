import { MixinHttpClient } from '../api/mixin-http-client.js';
import { TokenSigner } from '../auth/token-signer.js';
import { checkBlaze } from './blaze-check.js';
import { skip, type CheckResult } from './check-result.js';
import { checkClock } from './clock-check.js';
import { checkKeystore } from './keystore-check.js';
import { loadKeystore, type KeystoreSource, type LoadedKeystore } from './keystore-source.js';
import { checkMe } from './me-check.js';
import { checkPermissions } from './permissions-check.js';

/** Everything one doctor run needs; the CLI builds it from argv and the environment. */
export interface DoctorConfig {
  keystore: KeystoreSource;
  /** Without a trailing slash, as the module keeps it. */
  apiUrl: string;
  blazeUrl: string;
  /** Deadline of each network step (an HTTP request, the websocket handshake). */
  timeoutMs: number;
  /** How long the open Blaze socket is watched for an ERROR frame (default blaze-check SETTLE_MS). */
  settleMs?: number;
}

/**
 * Runs the checks in order: keystore, file permissions, clock, `GET /me`, Blaze. Each result goes
 * to `report` as soon as it is known (the network checks take a moment). The checks that need the
 * key are skipped when the keystore failed; the clock is checked regardless.
 */
export async function runDoctor(config: DoctorConfig, report: (result: CheckResult) => void = () => undefined): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add = (result: CheckResult): void => {
    results.push(result);
    report(result);
  };
  const loaded = loadKeystore(config.keystore);
  const keystore = wasRead(loaded) ? checkKeystore(loaded) : { result: loaded, keystore: undefined };
  add(keystore.result);
  add(wasRead(loaded) ? checkPermissions(loaded.path) : skip('permissions', 'no keystore file was read'));
  const clock = await checkClock(config.apiUrl, config.timeoutMs);
  add(clock.result);
  if (!keystore.keystore) {
    add(skip('GET /me', 'needs a valid keystore'));
    add(skip('Blaze', 'needs a valid keystore'));
    return results;
  }
  const signer = new TokenSigner(keystore.keystore);
  const client = new MixinHttpClient(config.apiUrl, signer, config.timeoutMs);
  try {
    const me = await checkMe(client, keystore.keystore.appId, clock.skewMs);
    add(me);
    add(await checkBlaze(config.blazeUrl, signer, {
      timeoutMs: config.timeoutMs,
      settleMs: config.settleMs,
      context: { skewMs: clock.skewMs, meAccepted: me.status !== 'fail' },
    }));
  } finally {
    client.close();
  }
  return results;
}

function wasRead(loaded: LoadedKeystore | CheckResult): loaded is LoadedKeystore {
  return 'text' in loaded;
}

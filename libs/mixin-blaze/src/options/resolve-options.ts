import { resolveKeystore, type ResolvedKeystore } from '../auth/keystore.js';
import {
  DEFAULT_OPTIONS,
  type MixinBlazeModuleOptions,
  type ResolvedBlazeOptions,
  type RetryPolicy,
} from '../mixin-blaze.options.js';
import type { BackoffPolicy } from '../util/backoff.js';
import { checkEndpoint } from './endpoint-policy.js';
import { resolveClusterOptions } from '../cluster/cluster-options.js';
import { checkObservability } from './observability-options.js';
import { BlazeOptionsError } from './blaze-options.error.js';

/** Options and keystore after every check: what the rest of the module runs on. */
export interface BlazeSettings {
  options: ResolvedBlazeOptions;
  keystore: ResolvedKeystore;
  /** The bot's name (`forRoot({ name })`); undefined for the unnamed bot. */
  name?: string;
}

type NumericKey = {
  [K in keyof ResolvedBlazeOptions]: ResolvedBlazeOptions[K] extends number ? K : never;
}[keyof ResolvedBlazeOptions] &
  string;

const NUMBER_RANGES: Record<NumericKey, [min: number, max: number]> = {
  ackBatchSize: [1, 100],
  ackFlushIntervalMs: [0, 60_000],
  ackConcurrency: [1, 64],
  requestTimeoutMs: [1, 600_000],
  connectTimeoutMs: [1, 600_000],
  pingIntervalMs: [1, 600_000],
  deadConnectionTimeoutMs: [1, 3_600_000],
  unauthorizedRetryMs: [1, 86_400_000],
  maxFrameBytes: [1024, 1024 ** 3],
  maxInflatedFrameBytes: [1024, 1024 ** 3],
  shutdownTimeoutMs: [0, 3_600_000],
  concurrency: [1, 10_000],
  highWaterMark: [1, 10_000_000],
  maxBufferedBytes: [1024 * 1024, 64 * 1024 ** 3],
  lowWaterMark: [0, 10_000_000],
  handlerTimeoutMs: [0, 86_400_000],
};

/** Applies defaults and checks every option once, at startup; throws naming the first bad field. */
export function resolveSettings(input: MixinBlazeModuleOptions | undefined, name?: string): BlazeSettings {
  if (!input || typeof input !== 'object') throw new BlazeOptionsError('options', 'must be an object with a keystore');
  if (input.keystore === undefined) throw new BlazeOptionsError('keystore', 'is required');
  const keystore = resolveKeystore(input.keystore);

  const urls = input.blazeUrl === undefined ? DEFAULT_OPTIONS.blazeUrls : [input.blazeUrl].flat();
  if (urls.length === 0) throw new BlazeOptionsError('blazeUrl', 'must name at least one endpoint');
  // The keystore stays out of the options object so that logging options can never leak it.
  const { keystore: _secret, blazeUrl: _urls, reconnect: _reconnect, ackRetry: _ackRetry, retry: _retry, dedupe: _dedupe, cluster: _cluster, ...rest } = input;
  const reconnect = { ...DEFAULT_OPTIONS.reconnect, ...definedOnly(input.reconnect ?? {}) };
  const options: ResolvedBlazeOptions = {
    ...DEFAULT_OPTIONS,
    ...definedOnly(rest),
    blazeUrls: urls.map((u, i) => checkEndpoint(urls.length > 1 ? `blazeUrl[${i}]` : 'blazeUrl', u, 'wss:')),
    apiUrl: checkEndpoint('apiUrl', input.apiUrl ?? DEFAULT_OPTIONS.apiUrl, 'https:').replace(/\/+$/, ''),
    reconnect,
    ackRetry: { ...reconnect, ...definedOnly(input.ackRetry ?? {}) },
    retry: { ...DEFAULT_OPTIONS.retry, ...definedOnly(input.retry ?? {}) },
    dedupe: { ...DEFAULT_OPTIONS.dedupe, ...definedOnly(input.dedupe ?? {}) },
    lowWaterMark: input.lowWaterMark ?? Math.floor((input.highWaterMark ?? DEFAULT_OPTIONS.highWaterMark) / 2),
  };
  for (const [key, [min, max]] of Object.entries(NUMBER_RANGES)) {
    checkNumber(key, options[key as NumericKey], min, max);
  }
  checkBackoff('reconnect', options.reconnect, 1);
  checkBackoff('ackRetry', options.ackRetry, 1);
  checkRetry('retry', options.retry);
  checkNumber('dedupe.capacity', options.dedupe.capacity, 0, 10_000_000);
  checkNumber('dedupe.ttlMs', options.dedupe.ttlMs, 0, 86_400_000 * 7);
  if (options.lowWaterMark >= options.highWaterMark) {
    throw new BlazeOptionsError('lowWaterMark', 'must be below highWaterMark');
  }
  if (options.deadLetter !== 'ack' && options.deadLetter !== 'leave') {
    throw new BlazeOptionsError('deadLetter', `must be 'ack' or 'leave'`);
  }
  if (!['http', 'wait', 'fail'].includes(options.sendFallback)) {
    throw new BlazeOptionsError('sendFallback', `must be 'http', 'wait' or 'fail'`);
  }
  if (options.onDeadLetter !== undefined && typeof options.onDeadLetter !== 'function') {
    throw new BlazeOptionsError('onDeadLetter', 'must be a function');
  }
  if (options.ackTransport !== 'http' && options.ackTransport !== 'socket') {
    throw new BlazeOptionsError('ackTransport', `must be 'http' or 'socket'`);
  }
  options.cluster = resolveClusterOptions(input.cluster, options.concurrency);
  if (options.cluster && options.ackTransport === 'socket') {
    throw new BlazeOptionsError('ackTransport', `must be 'http' in cluster mode: a worker that finished a message may not hold the socket`);
  }
  if (typeof options.autoConnect !== 'boolean') throw new BlazeOptionsError('autoConnect', 'must be a boolean');
  if (options.deadConnectionTimeoutMs <= options.pingIntervalMs) {
    throw new BlazeOptionsError('deadConnectionTimeoutMs', 'must be longer than pingIntervalMs');
  }
  if (options.onInvalidMessage !== undefined && typeof options.onInvalidMessage !== 'function') {
    throw new BlazeOptionsError('onInvalidMessage', 'must be a function');
  }
  checkObservability(options);
  return { options, keystore, name };
}

/** Checks a retry policy (module option or `@OnMessage` override); `field` names it in the error. */
export function checkRetry(field: string, retry: RetryPolicy): void {
  checkNumber(`${field}.attempts`, retry.attempts, 1, 1000);
  checkBackoff(field, retry, 0);
}

/** Checks a backoff; a policy that retries forever (reconnects, acks) must wait at least 1 ms. */
function checkBackoff(field: string, backoff: BackoffPolicy, minInitialDelayMs: number): void {
  checkNumber(`${field}.initialDelayMs`, backoff.initialDelayMs, minInitialDelayMs, 3_600_000);
  checkNumber(`${field}.maxDelayMs`, backoff.maxDelayMs, backoff.initialDelayMs, 86_400_000);
  checkNumber(`${field}.multiplier`, backoff.multiplier, 1, 100);
}

function checkNumber(field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new BlazeOptionsError(field, `must be a number from ${min} to ${max}`);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

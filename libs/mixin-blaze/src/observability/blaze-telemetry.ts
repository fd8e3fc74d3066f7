import type { Provider } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { BLAZE_SETTINGS } from '../mixin-blaze.constants.js';
import { metricsOptionsOf } from '../options/observability-options.js';
import type { BlazeSettings } from '../options/resolve-options.js';
import type { BlazeObserver } from '../util/blaze-observer.js';
import { metricSetFor, type PromClient } from './blaze-metric-set.js';
import { combineObservers } from './combine-observers.js';
import type { GaugeBinder } from './gauge-source.js';
import { MetricsObserver } from './metrics-observer.js';
import { loadOptionalPeer } from '../options/optional-peer.js';
import { TraceObserver } from './trace-observer.js';

/** Injection token of one bot's {@link BlazeTelemetry}. */
export const BLAZE_TELEMETRY = Symbol('mixin-blaze:telemetry');

/** One bot's metrics and traces: nothing at all unless the `metrics` or `tracing` option is on. */
export interface BlazeTelemetry {
  /** What the engine calls; undefined when both are off, so each call site costs one null check. */
  observer?: BlazeObserver;
  /** The shared metric set the bot's gauges are bound to (blaze-probe.ts). Typed without prom-client, so the package's types never need it. */
  metrics?: GaugeBinder;
}

/** Loads prom-client and `@opentelemetry/api` only for the options that ask for them. */
export async function createTelemetry(settings: BlazeSettings): Promise<BlazeTelemetry> {
  const observers: BlazeObserver[] = [];
  let metrics: GaugeBinder | undefined;
  const metricsOptions = metricsOptionsOf(settings.options);
  if (metricsOptions) {
    const loaded = await loadOptionalPeer(() => import('prom-client'), 'metrics', 'prom-client');
    // prom-client is CommonJS; an ESM import may put its exports on `default` only.
    const prom: PromClient = 'Counter' in loaded ? loaded : (loaded as { default: PromClient }).default;
    const set = metricSetFor(prom, (metricsOptions.registry ?? prom.register) as Registry, metricsOptions.prefix);
    observers.push(new MetricsObserver(set, settings.name ?? ''));
    metrics = set;
  }
  if (settings.options.tracing) {
    const api = await loadOptionalPeer(() => import('@opentelemetry/api'), 'tracing', '@opentelemetry/api');
    observers.push(new TraceObserver(api, settings.name));
  }
  return { observer: combineObservers(observers), metrics };
}

/** The provider of {@link BLAZE_TELEMETRY}, one per bot module. */
export const blazeTelemetryProvider: Provider = { provide: BLAZE_TELEMETRY, useFactory: createTelemetry, inject: [BLAZE_SETTINGS] };

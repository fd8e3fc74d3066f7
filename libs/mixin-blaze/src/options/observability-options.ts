import type { BlazeMetricsOptions, ResolvedBlazeOptions } from '../mixin-blaze.options.js';
import { BlazeOptionsError } from './blaze-options.error.js';

// Prometheus metric names: https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels
const PROMETHEUS_PREFIX = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]{0,99})?$/;

/** The `metrics` option with its defaults, or undefined when metrics are off. */
export function metricsOptionsOf(options: Pick<ResolvedBlazeOptions, 'metrics'>): Required<Pick<BlazeMetricsOptions, 'prefix'>> & BlazeMetricsOptions | undefined {
  const { metrics } = options;
  if (metrics === false) return undefined;
  return { ...(metrics === true ? {} : metrics), prefix: metrics === true ? '' : (metrics.prefix ?? '') };
}

/** Checks `metrics` and `tracing`; names the field, never echoes its value (a registry could hold anything). */
export function checkObservability(options: Pick<ResolvedBlazeOptions, 'metrics' | 'tracing'>): void {
  const { metrics, tracing } = options;
  if (typeof tracing !== 'boolean') throw new BlazeOptionsError('tracing', 'must be a boolean');
  if (typeof metrics === 'boolean') return;
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
    throw new BlazeOptionsError('metrics', 'must be true, false or { registry?, prefix? }');
  }
  for (const key of Object.keys(metrics)) {
    if (key !== 'registry' && key !== 'prefix') throw new BlazeOptionsError('metrics', 'takes only the fields registry and prefix');
  }
  const { registry, prefix } = metrics;
  if (registry !== undefined) {
    const r = registry as Partial<Record<'registerMetric' | 'getSingleMetric', unknown>> | null;
    if (typeof r !== 'object' || r === null || typeof r.registerMetric !== 'function' || typeof r.getSingleMetric !== 'function') {
      throw new BlazeOptionsError('metrics.registry', 'must be a prom-client Registry');
    }
  }
  if (prefix !== undefined && (typeof prefix !== 'string' || !PROMETHEUS_PREFIX.test(prefix))) {
    throw new BlazeOptionsError('metrics.prefix', 'must be at most 100 letters, digits, "_" or ":", not starting with a digit');
  }
}

import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BlazeConnectionState } from '../transport/connection-state.js';
import type { GaugeBinder, GaugeSource } from './gauge-source.js';

/** prom-client's module, loaded on first use (options/optional-peer.ts). */
export type PromClient = typeof import('prom-client');

const STATES: readonly BlazeConnectionState[] = ['connecting', 'open', 'reconnecting', 'unauthorized', 'closed', 'standby'];
// Seconds. Handlers: from a cache hit to a slow API call. Push to ack: the flush and the HTTP round trip, up to a retried ack.
const HANDLER_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const PUSH_TO_ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * The module's metrics in one registry under one prefix, shared by every bot that reports there
 * (a `bot` label tells them apart; prom-client refuses a second metric of the same name). Names
 * follow https://prometheus.io/docs/practices/naming/: `_total` counters, `_seconds` histograms.
 * Gauges are read at scrape time, so they cost nothing between scrapes.
 */
export class BlazeMetricSet implements GaugeBinder {
  readonly received: Counter<'bot' | 'category'>;
  readonly handled: Counter<'bot' | 'category' | 'outcome'>;
  readonly acked: Counter<'bot'>;
  readonly retried: Counter<'bot' | 'category'>;
  readonly deadLettered: Counter<'bot' | 'category' | 'kind'>;
  readonly invalid: Counter<'bot' | 'category'>;
  readonly reconnects: Counter<'bot'>;
  readonly handlerDuration: Histogram<'bot' | 'category'>;
  readonly pushToAck: Histogram<'bot'>;
  private readonly sources = new Set<GaugeSource>();

  constructor(prom: PromClient, registry: Registry, prefix: string) {
    const registers = [registry];
    const name = (n: string) => `${prefix}mixin_blaze_${n}`;
    const counter = <L extends string>(n: string, help: string, labelNames: L[]) => new prom.Counter<L>({ name: name(n), help, labelNames, registers });
    this.received = counter('messages_received_total', 'Message pushes received, redeliveries included', ['bot', 'category']);
    this.handled = counter('messages_handled_total', 'Messages whose handler finished: ok, skipped (SkipAck), refused (a guard), or no_handler', ['bot', 'category', 'outcome']);
    this.acked = counter('messages_acked_total', 'Acknowledgements the server accepted', ['bot']);
    this.retried = counter('messages_retried_total', 'Failed handler attempts that will be retried', ['bot', 'category']);
    this.deadLettered = counter('messages_dead_lettered_total', 'Messages given to the dead-letter hooks: failed (attempts spent) or invalid', ['bot', 'category', 'kind']);
    this.invalid = counter('messages_invalid_total', 'Messages that could not be read, decoded or validated', ['bot', 'category']);
    this.reconnects = counter('reconnects_total', 'Connection attempts after a failure or a drop', ['bot']);
    this.handlerDuration = new prom.Histogram({ name: name('handler_duration_seconds'), help: 'Duration of one handler attempt', labelNames: ['bot', 'category'], buckets: HANDLER_BUCKETS, registers });
    this.pushToAck = new prom.Histogram({ name: name('push_to_ack_seconds'), help: 'From a message push received to its acknowledgement accepted by the server', labelNames: ['bot'], buckets: PUSH_TO_ACK_BUCKETS, registers });
    const sources = this.sources;
    const gauge = <L extends string>(n: string, help: string, labelNames: L[], read: (g: Gauge<L>, s: GaugeSource) => void): void => {
      new prom.Gauge<L>({
        name: name(n),
        help,
        labelNames,
        registers,
        collect(this: Gauge<L>) {
          this.reset(); // a bot that shut down leaves no stale series
          for (const source of sources) read(this, source);
        },
      });
    };
    gauge('messages_buffered', 'Received messages not finished (queued, running or waiting for a retry)', ['bot'], (g, s) => g.set({ bot: s.bot }, s.stats().buffered));
    gauge('messages_buffered_bytes', 'What the buffered messages weigh (base64 payload characters plus 1 KiB each)', ['bot'], (g, s) => g.set({ bot: s.bot }, s.stats().bufferedBytes));
    gauge('handlers_running', 'Handlers running now', ['bot'], (g, s) => g.set({ bot: s.bot }, s.stats().running));
    gauge('acks_pending', 'Acknowledgements queued or in flight', ['bot'], (g, s) => g.set({ bot: s.bot }, s.pendingAcks()));
    gauge('paused', '1 while the socket is not read (back-pressure)', ['bot'], (g, s) => g.set({ bot: s.bot }, s.stats().paused ? 1 : 0));
    gauge('connection_state', '1 for the connection state the bot is in, 0 for the others', ['bot', 'state'], (g, s) => {
      const now = s.state();
      for (const state of STATES) g.set({ bot: s.bot, state }, state === now ? 1 : 0);
    });
  }

  /** Reports `source` in the gauges; returns a function that stops it (at shutdown). */
  bind(source: GaugeSource): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }
}

const sets = new WeakMap<object, Map<string, BlazeMetricSet>>();

/**
 * The metric set of `registry` and `prefix`: made on first use, then shared. Made again when the
 * registry no longer holds it (`registry.clear()` between tests, for one).
 */
export function metricSetFor(prom: PromClient, registry: Registry, prefix: string): BlazeMetricSet {
  let byPrefix = sets.get(registry);
  if (!byPrefix) sets.set(registry, (byPrefix = new Map()));
  const existing = byPrefix.get(prefix);
  if (existing && registry.getSingleMetric(`${prefix}mixin_blaze_messages_received_total`) === existing.received) return existing;
  const set = new BlazeMetricSet(prom, registry, prefix);
  byPrefix.set(prefix, set);
  return set;
}

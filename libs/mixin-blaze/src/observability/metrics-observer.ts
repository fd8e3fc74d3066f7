import type { BlazeObserver, ObservedAttempt } from '../util/blaze-observer.js';
import type { BlazeMetricSet } from './blaze-metric-set.js';
import { categoryLabel } from './category-label.js';
import { PushTimes } from './push-times.js';

interface Inc {
  inc(value?: number): void;
}
interface Observe {
  observe(value: number): void;
}

/**
 * Counts one bot's messages into the shared metric set. Label children are looked up once per
 * label value and kept: categories are bounded (category-label.ts), outcomes and kinds are fixed.
 */
export class MetricsObserver implements BlazeObserver {
  private readonly pushTimes = new PushTimes();
  private readonly children = new Map<string, Inc & Observe>();
  private readonly ackedChild: Inc;
  private readonly reconnectsChild: Inc;
  private readonly pushToAckChild: Observe;

  constructor(
    private readonly set: BlazeMetricSet,
    private readonly bot: string,
  ) {
    this.ackedChild = set.acked.labels({ bot });
    this.reconnectsChild = set.reconnects.labels({ bot });
    this.pushToAckChild = set.pushToAck.labels({ bot });
  }

  received(messageId: unknown, category: unknown): void {
    this.child('r', categoryLabel(category), () => this.set.received.labels({ bot: this.bot, category: categoryLabel(category) })).inc();
    // Only id-shaped strings are kept: a hostile id of megabytes must not stay in memory until evicted.
    if (typeof messageId === 'string' && messageId.length === 36) this.pushTimes.set(messageId, performance.now());
  }

  unhandled(category: string): void {
    this.outcome(categoryLabel(category), 'no_handler');
  }

  attempted(_messageId: string, category: string, result: ObservedAttempt, durationMs: number): void {
    const label = categoryLabel(category);
    this.child('d', label, () => this.set.handlerDuration.labels({ bot: this.bot, category: label })).observe(durationMs / 1000);
    if (result !== 'failed') this.outcome(label, result);
  }

  retrying(_messageId: string, category: string): void {
    const label = categoryLabel(category);
    this.child('t', label, () => this.set.retried.labels({ bot: this.bot, category: label })).inc();
  }

  deadLettered(_messageId: string, category: string, kind: 'failed' | 'invalid'): void {
    const label = categoryLabel(category);
    this.child(`x${kind}`, label, () => this.set.deadLettered.labels({ bot: this.bot, category: label, kind })).inc();
    if (kind === 'invalid') this.child('i', label, () => this.set.invalid.labels({ bot: this.bot, category: label })).inc();
  }

  acked(messageIds: readonly string[]): void {
    this.ackedChild.inc(messageIds.length);
    const now = performance.now();
    for (const id of messageIds) {
      const at = this.pushTimes.take(id);
      if (at !== undefined) this.pushToAckChild.observe((now - at) / 1000);
    }
  }

  reconnecting(): void {
    this.reconnectsChild.inc();
  }

  private outcome(label: string, outcome: string): void {
    this.child(`h${outcome}`, label, () => this.set.handled.labels({ bot: this.bot, category: label, outcome })).inc();
  }

  private child(metric: string, label: string, make: () => unknown): Inc & Observe {
    const key = `${metric}:${label}`;
    let child = this.children.get(key);
    if (!child) this.children.set(key, (child = make() as Inc & Observe));
    return child;
  }
}

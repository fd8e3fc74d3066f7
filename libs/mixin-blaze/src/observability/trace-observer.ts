import type { Span, Tracer } from '@opentelemetry/api';
import type { BlazeObserver, ObservedAttempt } from '../util/blaze-observer.js';
import { describeThrown } from '../util/log-safe.js';
import { categoryLabel } from './category-label.js';

/** `@opentelemetry/api`, loaded on first use (options/optional-peer.ts). */
export type OtelApi = typeof import('@opentelemetry/api');

/**
 * One OpenTelemetry span per message given to a handler (an invalid one included), around all its attempts, active while the handler
 * runs (so the handler's own spans are its children when the app registered a context manager).
 * Names and attributes follow the messaging semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/): kind CONSUMER,
 * name `process <category>`. Without a registered SDK, the API hands out non-recording spans.
 */
export class TraceObserver implements BlazeObserver {
  private readonly tracer: Tracer;
  /** Spans of messages being handled, by message id: the attempt and dead-letter calls find theirs. */
  private readonly spans = new Map<string, Span>();

  constructor(
    private readonly api: OtelApi,
    private readonly bot: string | undefined,
  ) {
    this.tracer = api.trace.getTracer('nestjs-mixin-blaze');
  }

  async handling(messageId: string, category: string, raw: Record<string, unknown>, handler: string, work: () => Promise<void>): Promise<void> {
    const { api } = this;
    const label = categoryLabel(category);
    let span: Span;
    try {
      span = this.startSpan(messageId, label, raw, handler);
    } catch {
      return work(); // a broken tracer must not cost the message its handling
    }
    this.spans.set(messageId, span);
    try {
      await api.context.with(api.trace.setSpan(api.context.active(), span), work);
    } finally {
      this.spans.delete(messageId);
      span.end();
    }
  }

  private startSpan(messageId: string, label: string, raw: Record<string, unknown>, handler: string): Span {
    const { api } = this;
    return this.tracer.startSpan(`process ${label}`, {
      kind: api.SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'mixin',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.message.id': messageId,
        ...(typeof raw.conversation_id === 'string' ? { 'messaging.message.conversation_id': raw.conversation_id } : {}),
        'mixin.category': label,
        'mixin.handler': handler,
        ...(this.bot === undefined ? {} : { 'mixin.bot': this.bot }),
      },
    });
  }

  attempted(messageId: string, _category: string, result: ObservedAttempt, _durationMs: number, error?: unknown): void {
    const span = this.spans.get(messageId);
    if (!span) return;
    span.setAttribute('mixin.outcome', result);
    if (result === 'failed') span.recordException(error instanceof Error ? error : describeThrown(error));
  }

  deadLettered(messageId: string, _category: string, kind: 'failed' | 'invalid'): void {
    const span = this.spans.get(messageId);
    if (!span) return;
    if (kind === 'invalid') span.setAttribute('mixin.outcome', 'invalid');
    span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: kind === 'invalid' ? 'dead-lettered: invalid message' : 'dead-lettered: every attempt failed' });
  }

  received(): void {}
  unhandled(): void {}
  retrying(): void {}
  acked(): void {}
  reconnecting(): void {}
}

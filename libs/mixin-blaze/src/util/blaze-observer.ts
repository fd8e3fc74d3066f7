/** How one handler attempt ended, as the observer sees it. */
export type ObservedAttempt = 'ok' | 'skipped' | 'refused' | 'failed';

/**
 * What the engine tells observability (metrics, traces) as messages pass. The dispatcher, the
 * handler runner, the ack decision, the ack batcher and the connection call it; each call site
 * is one null check when no observer is configured (README, "Health and metrics"). Everything is
 * passed as plain values, so the engine stays free of prom-client, OpenTelemetry and Nest.
 */
export interface BlazeObserver {
  /** A message push reached the dispatcher (redeliveries included); the values are as on the wire. */
  received(messageId: unknown, category: unknown): void;
  /** A message had no handler for its category and no `'*'` handler; it is acked. */
  unhandled(category: string): void;
  /** One handler attempt ended after `durationMs`. */
  attempted(messageId: string, category: string, result: ObservedAttempt, durationMs: number, error?: unknown): void;
  /** A failed attempt will be retried after a backoff. */
  retrying(messageId: string, category: string): void;
  /** A message went to the dead-letter hooks: its attempts were spent ('failed'), or it could not be read or validated ('invalid'). */
  deadLettered(messageId: string, category: string, kind: 'failed' | 'invalid'): void;
  /** The server accepted these acks. */
  acked(messageIds: readonly string[]): void;
  /** The connection will try again after a failure or a drop. */
  reconnecting(): void;
  /** Present when tracing is on: runs the handling of one message (all its attempts) inside a span. */
  handling?(messageId: string, category: string, raw: Record<string, unknown>, handler: string, work: () => Promise<void>): Promise<void>;
}

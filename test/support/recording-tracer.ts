import {
  trace,
  type Attributes,
  type AttributeValue,
  type Exception,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

/** A span as the recording tracer kept it. */
export interface RecordedSpan {
  name: string;
  kind?: number;
  attributes: Attributes;
  status?: SpanStatus;
  exceptions: Exception[];
  ended: boolean;
  /** Whether it was the active span while the handler ran. */
  activeInHandler?: boolean;
}

/**
 * The smallest TracerProvider `@opentelemetry/api` accepts (no SDK is installed): it records each
 * span's name, attributes, status and exceptions. Register it with `trace.setGlobalTracerProvider`.
 */
export class RecordingTracerProvider implements TracerProvider {
  readonly spans: RecordedSpan[] = [];

  getTracer(): Tracer {
    const spans = this.spans;
    const startSpan = (name: string, options: SpanOptions = {}): Span => {
      const record: RecordedSpan = { name, kind: options.kind, attributes: { ...options.attributes }, exceptions: [], ended: false };
      spans.push(record);
      const context: SpanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: spans.length.toString(16).padStart(16, '0'), traceFlags: 1 };
      const span: Span & { record: RecordedSpan } = {
        record,
        spanContext: () => context,
        setAttribute: (key: string, value: AttributeValue) => ((record.attributes[key] = value), span),
        setAttributes: (attributes: Attributes) => (Object.assign(record.attributes, attributes), span),
        addEvent: () => span,
        addLink: () => span,
        addLinks: () => span,
        setStatus: (status: SpanStatus) => ((record.status = status), span),
        updateName: (n: string) => ((record.name = n), span),
        end: () => void (record.ended = true),
        isRecording: () => !record.ended,
        recordException: (exception: Exception) => void record.exceptions.push(exception),
      };
      return span;
    };
    return {
      startSpan,
      startActiveSpan: () => {
        throw new Error('startActiveSpan is not used by the library');
      },
    } as Tracer;
  }
}

/** The recorded span of the span active now, if it came from a RecordingTracerProvider. */
export function activeRecord(): RecordedSpan | undefined {
  return (trace.getActiveSpan() as (Span & { record?: RecordedSpan }) | undefined)?.record;
}

/**
 * For `BENCH_TRACING=record`: a TracerProvider that makes a real object per span, copies its
 * attributes and counts ended spans, then drops them. No SDK is installed here; this stands for
 * the least an SDK does per span (no sampling, processors or export), to put a floor under it.
 */
import { trace, type Attributes, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';

export let endedSpans = 0;

export function registerCountingTracer(): void {
  const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
  const tracer = {
    startSpan(name: string, options: SpanOptions = {}): Span {
      const attributes: Attributes = { ...options.attributes };
      const span: Span = {
        spanContext: () => spanContext,
        setAttribute: (k, v) => ((attributes[k] = v), span),
        setAttributes: (a) => (Object.assign(attributes, a), span),
        addEvent: () => span,
        addLink: () => span,
        addLinks: () => span,
        setStatus: () => span,
        updateName: () => span,
        end: () => void endedSpans++,
        isRecording: () => true,
        recordException: () => undefined,
      };
      return span;
    },
  } as unknown as Tracer;
  trace.setGlobalTracerProvider({ getTracer: () => tracer });
}

// Traces. The code uses @opentelemetry/api only (`tracer`, `inSpan`): without an SDK every span
// is a no-op costing next to nothing. `startTelemetry` starts the Node SDK with the OTLP/HTTP
// exporter when OTEL_EXPORTER_OTLP_ENDPOINT is set; it loads the SDK only then. Spans are made by
// hand where a command, a job, a database write or a platform call begins (no auto-instrumentation
// patches modules), so the SDK needs no preload and may start after the other imports.
import { SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { createScrubber } from './redaction.ts';

/** The tracer every span of TechTree comes from (instrumentation scope `techtree`). */
export const tracer = trace.getTracer('techtree');

/** Exception messages leave the process in spans: scrubbed like log lines (set by startTelemetry). */
let scrub = createScrubber([]);

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
}

/**
 * Runs `fn` inside a new active span `name` (children started inside it are its children), ends
 * it when `fn` settles, and records a thrown error on it (status ERROR, the exception event with a
 * scrubbed message) before rethrowing it.
 */
export function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}) }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks `span` failed by `error`: status ERROR and an exception event, message scrubbed of secrets. */
export function failSpan(span: Span, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  const message = scrub(e.message);
  const code = (e as { code?: unknown }).code;
  span.recordException({ name: e.name, message, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}) });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

export { SpanKind };

export interface Telemetry {
  /** Sends the spans still buffered. */
  flush(): Promise<void>;
  /** Flushes and stops the SDK; spans made afterwards are dropped. */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing when `config.telemetry` is set (OTEL_EXPORTER_OTLP_ENDPOINT): the Node SDK, its
 * AsyncLocalStorage context manager, and a batching OTLP/HTTP exporter posting to
 * `<endpoint>/v1/traces` in protobuf or JSON (OTEL_EXPORTER_OTLP_PROTOCOL). The SDK reads the other
 * OTEL_* variables (OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, OTEL_BSP_*) itself. Metrics and
 * logs are not exported through OpenTelemetry: /metrics and the JSON logs cover them.
 * Returns undefined when tracing is off.
 */
export async function startTelemetry(config: Pick<Config, 'telemetry' | 'secrets'>, logger?: Logger): Promise<Telemetry | undefined> {
  const t = config.telemetry;
  if (!t) return undefined;
  scrub = createScrubber(config.secrets ?? []);
  const url = `${t.endpoint.replace(/\/+$/, '')}/v1/traces`;
  const [{ NodeSDK }, { BatchSpanProcessor }, exporterModule] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
    t.protocol === 'http/json' ? import('@opentelemetry/exporter-trace-otlp-http') : import('@opentelemetry/exporter-trace-otlp-proto'),
  ]);
  // The batch processor reads OTEL_BSP_* (delay, queue and batch sizes) itself.
  const processor = new BatchSpanProcessor(new exporterModule.OTLPTraceExporter({ url }));
  const sdk = new NodeSDK({ serviceName: t.serviceName, spanProcessors: [processor], metricReaders: [], logRecordProcessors: [], instrumentations: [] });
  sdk.start();
  logger?.info('tracing: on', { endpoint: t.endpoint, protocol: t.protocol, service: t.serviceName });
  let stopped: Promise<void> | undefined;
  return {
    flush: () => processor.forceFlush(),
    shutdown: () => (stopped ??= sdk.shutdown().catch((error: unknown) => logger?.warn('tracing: could not send the last spans', { error }))),
  };
}

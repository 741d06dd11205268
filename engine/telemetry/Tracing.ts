import { ROOT_CONTEXT, trace, type Attributes, type Context, type Link, type SpanContext, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { FlowControlExporter } from './FlowControlExporter.js';
import { SeededIdGenerator } from './SeededIdGenerator.js';

/** One finished span, stamped with virtual times. */
export interface SpanSpec {
  /** `service.name` of the system hosting the actor. */
  service: string;
  name: string;
  /** Start, epoch ms (virtual). */
  start: number;
  /** End, epoch ms (virtual); defaults to `start`. */
  end?: number;
  attributes: Attributes;
  /** Synchronous caller: the span becomes its child. */
  parent?: SpanContext;
  links?: Link[];
}

/** Options of {@link Tracing}. */
export interface TracingOptions {
  exporter: SpanExporter;
  /** Seeds span and trace ids. */
  seed: number;
  /** Spans per export request (default 2000). */
  maxExportBatchSize?: number;
  /** Spans produced but not yet exported before {@link Tracing.drain} waits (default 2 batches). */
  highWater?: number;
}

/** Instrumentation scope of every engine span. */
export const TRACER_NAME = 'flexix-engine';

/**
 * The engine's tracing: one `BasicTracerProvider` per hosting system (each with its own `service.name` resource),
 * all sharing one `BatchSpanProcessor` so export batches stay large, deterministic ids, and flow control so that no
 * span is dropped however fast the simulation runs.
 */
export class Tracing {
  private readonly flow: FlowControlExporter;
  private readonly processor: BatchSpanProcessor;
  private readonly idGenerator: SeededIdGenerator;
  private readonly tracers = new Map<string, Tracer>();
  private readonly highWater: number;
  /** One-entry cache of the last parent's context: consecutive spans usually share a parent (one reaction's phases). */
  private lastParent: SpanContext | undefined;
  private lastParentContext: Context = ROOT_CONTEXT;
  /** Spans recorded so far. */
  produced = 0;

  /** Builds the pipeline over `options.exporter`. */
  constructor(options: TracingOptions) {
    const batch = options.maxExportBatchSize ?? 2000;
    this.highWater = options.highWater ?? batch * 2;
    this.flow = new FlowControlExporter(options.exporter);
    this.processor = new BatchSpanProcessor(this.flow, {
      maxExportBatchSize: batch,
      // Flow control keeps the queue below highWater plus one yield's worth of spans; the margin is generous.
      maxQueueSize: this.highWater * 20,
      scheduledDelayMillis: 200,
    });
    this.idGenerator = new SeededIdGenerator(options.seed);
  }

  /** Restarts the id sequence (see {@link SeededIdGenerator.reseed}). */
  reseedIds(seed: number): void {
    this.idGenerator.reseed(seed);
  }

  /** Records a finished span and returns its context (for children, links and bus events). */
  record(spec: SpanSpec): SpanContext {
    let context = ROOT_CONTEXT;
    if (spec.parent) {
      if (spec.parent !== this.lastParent) {
        this.lastParent = spec.parent;
        this.lastParentContext = trace.setSpanContext(ROOT_CONTEXT, spec.parent);
      }
      context = this.lastParentContext;
    }
    const span = this.tracer(spec.service).startSpan(spec.name, { startTime: spec.start, links: spec.links }, context);
    // Set after start rather than passed to startSpan, which would copy and validate the attributes twice more.
    span.setAttributes(spec.attributes);
    span.end(spec.end ?? spec.start);
    this.produced++;
    return span.spanContext();
  }

  /**
   * Waits while more than the high-water mark of spans are produced but not exported. Throws once an export failed,
   * so a simulation against an unreachable collector stops early instead of running to the end for nothing.
   */
  async drain(): Promise<void> {
    this.throwIfFailed();
    while (this.produced - this.flow.finished > this.highWater) {
      await this.flow.nextExport();
      this.throwIfFailed();
    }
  }

  /** Exports everything recorded, then shuts the pipeline down; rejects if any export failed. */
  async shutdown(): Promise<void> {
    try {
      await this.processor.forceFlush();
      await this.processor.shutdown();
    } catch (err) {
      // An export failure is counted by the flow control and reported below with the span counts; anything else
      // (e.g. an export timeout) is reported as is.
      if (this.flow.failed === 0) throw err;
    }
    this.throwIfFailed();
  }

  /** Exports everything recorded so far without shutting down (used by the live demo). */
  flush(): Promise<void> {
    return this.processor.forceFlush();
  }

  private throwIfFailed(): void {
    if (this.flow.failed > 0) {
      throw new Error(`${this.flow.failed} of ${this.produced} spans failed to export: ${this.flow.firstError?.message}`);
    }
  }

  private tracer(service: string): Tracer {
    let tracer = this.tracers.get(service);
    if (!tracer) {
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service }),
        idGenerator: this.idGenerator,
        spanProcessors: [this.processor],
      });
      tracer = provider.getTracer(TRACER_NAME);
      this.tracers.set(service, tracer);
    }
    return tracer;
  }
}

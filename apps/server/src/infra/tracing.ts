import { FastifyOtelInstrumentation } from '@fastify/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { FastifyPluginCallback } from 'fastify';

export interface Tracing {
  plugin: FastifyPluginCallback;
  /** Flushes pending spans and stops the exporter. */
  shutdown(): Promise<void>;
}

/**
 * Tracing is exported only when an OTLP endpoint is configured; without one nothing is recorded, so
 * the hot path pays nothing for it.
 */
export function startTracing(endpoint: string): Tracing {
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` });
  const sdk = new NodeSDK({
    serviceName: 'whatpro-hub',
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
    resourceDetectors: [],
  });
  sdk.start();
  const instrumentation = new FastifyOtelInstrumentation({
    ignorePaths: (route) => route.url.startsWith('/health/') || route.url === '/metrics',
  });
  return { plugin: instrumentation.plugin(), shutdown: () => sdk.shutdown() };
}

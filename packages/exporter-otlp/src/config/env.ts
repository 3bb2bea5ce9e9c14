import { parseKeyPairsIntoRecord } from '@opentelemetry/core';

/** What the standard `OTEL_EXPORTER_OTLP_*` variables say about a metrics exporter. */
export interface OtlpEnv {
  /** `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`: the full metrics URL, used as is. */
  readonly metricsEndpoint?: string;
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: the base URL (OTLP/HTTP appends `v1/metrics`; OTLP/gRPC uses it as is). */
  readonly endpoint?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly compression?: 'gzip' | 'none';
  readonly timeoutMs?: number;
  /** Variables that were set but unusable, worded for a log line (they are ignored, as the SDK does). */
  readonly warnings: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the variables the way `@opentelemetry/otlp-exporter-base` does: the signal-specific variable wins over
 * the generic one, headers are merged (specific over generic), invalid values are ignored with a warning.
 */
export function readOtlpEnv(env: Env): OtlpEnv {
  const warnings: string[] = [];
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };

  const specific = get('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  const generic = get('OTEL_EXPORTER_OTLP_ENDPOINT');
  const metricsEndpoint =
    specific === undefined ? undefined : parseUrl('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', specific, warnings);
  const endpoint = generic === undefined ? undefined : parseUrl('OTEL_EXPORTER_OTLP_ENDPOINT', generic, warnings);

  const headers = {
    ...parseKeyPairsIntoRecord(get('OTEL_EXPORTER_OTLP_HEADERS')),
    ...parseKeyPairsIntoRecord(get('OTEL_EXPORTER_OTLP_METRICS_HEADERS')),
  };

  const compression =
    compressionOf('OTEL_EXPORTER_OTLP_METRICS_COMPRESSION', get, warnings) ??
    compressionOf('OTEL_EXPORTER_OTLP_COMPRESSION', get, warnings);
  const timeoutMs =
    timeoutOf('OTEL_EXPORTER_OTLP_METRICS_TIMEOUT', get, warnings) ??
    timeoutOf('OTEL_EXPORTER_OTLP_TIMEOUT', get, warnings);

  return {
    ...(metricsEndpoint === undefined ? {} : { metricsEndpoint }),
    ...(endpoint === undefined ? {} : { endpoint }),
    headers,
    ...(compression === undefined ? {} : { compression }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    warnings,
  };
}

/** `http://host:4318` → `http://host:4318/v1/metrics`; `http://host/otlp/` → `http://host/otlp/v1/metrics`. */
export function appendMetricsPath(base: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}v1/metrics`;
}

/** The variable's own text when it is an http(s) URL (so `v1/metrics` is appended to what the user wrote). */
function parseUrl(name: string, value: string, warnings: string[]): string | undefined {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return value;
  } catch {
    // fall through to the warning
  }
  warnings.push(`${name}="${value}" is not an http(s) URL; ignored`);
  return undefined;
}

function compressionOf(name: string, get: (n: string) => string | undefined, warnings: string[]) {
  const v = get(name);
  if (v === undefined || v === 'gzip' || v === 'none') return v;
  warnings.push(`${name}="${v}" must be "gzip" or "none"; ignored`);
  return undefined;
}

function timeoutOf(name: string, get: (n: string) => string | undefined, warnings: string[]): number | undefined {
  const v = get(name);
  if (v === undefined) return undefined;
  const ms = Number(v);
  if (Number.isFinite(ms) && ms > 0) return ms;
  warnings.push(`${name}="${v}" must be a number of milliseconds greater than 0; ignored`);
  return undefined;
}

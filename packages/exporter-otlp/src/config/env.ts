import { parseKeyPairsIntoRecord } from '@opentelemetry/core';

/** What the standard `OTEL_EXPORTER_OTLP_*` variables say about a metrics exporter. */
export interface OtlpEnv {
  /** Full metrics URL: `..._METRICS_ENDPOINT` as is, or `..._ENDPOINT` with `v1/metrics` appended. */
  readonly url?: string;
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

  let url: string | undefined;
  const specific = get('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  const generic = get('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (specific !== undefined) {
    url = parseUrl('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', specific, warnings);
  } else if (generic !== undefined && parseUrl('OTEL_EXPORTER_OTLP_ENDPOINT', generic, warnings) !== undefined) {
    url = appendMetricsPath(generic);
  }

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
    ...(url === undefined ? {} : { url }),
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

function parseUrl(name: string, value: string, warnings: string[]): string | undefined {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
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

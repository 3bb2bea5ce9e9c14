import { withStatuses, type StatusTable } from '@settle/core';

/**
 * VictoriaMetrics' deviation from core's default status table (OTLP's): it (and Prometheus) answer 500 for
 * transient storage trouble, so 500 is retried; max_elapsed_time bounds it. Everything else is core's:
 * 429 throttled (Retry-After honoured), 502/503/504 retryable, other non-2xx permanent.
 */
export const VM_STATUSES: StatusTable = withStatuses({ 500: 'retryable' });

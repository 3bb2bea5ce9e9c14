/** What came back from one HTTP exchange, or why nothing did. Never throws except on shutdown. */
export type HttpResult =
  | {
      readonly ok: true;
      readonly status: number;
      readonly retryAfter: string | null;
      /** Parsed JSON, or undefined when the body was not JSON. */
      readonly json: unknown;
      /** The first 200 characters of the body, for messages about replies that are not JSON. */
      readonly snippet: string;
    }
  | { readonly ok: false; readonly reason: string };

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** Aborts on shutdown; the abort propagates as a rejection. */
  readonly signal: AbortSignal;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * One request with a timeout (real time: it bounds a socket, not a schedule). Network failures and timeouts
 * become `{ ok: false }` so callers classify them; only a shutdown abort rejects.
 */
export async function httpExchange(request: HttpRequest, fetchImpl: FetchLike = fetch): Promise<HttpResult> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  try {
    const init: RequestInit = { method: request.method, headers: request.headers, signal };
    if (request.body !== undefined) init.body = request.body;
    const res = await fetchImpl(request.url, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      ok: true,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      json,
      snippet: text.slice(0, 200),
    };
  } catch (err) {
    if (request.signal.aborted) throw request.signal.reason;
    if (timeout.aborted) return { ok: false, reason: `no reply within ${request.timeoutMs} ms` };
    return { ok: false, reason: networkReason(err) };
  }
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return `network error ${cause.code}`;
  if (typeof cause?.message === 'string') return `network error: ${cause.message}`;
  return err instanceof Error ? `network error: ${err.message}` : 'network error';
}

import {
  errorCodeOf,
  isPermanent,
  permanentError,
  retryableError,
  throttledError,
  type HttpExchange,
  type HttpResponse,
  type SettleError,
} from '@settle/core';
import type { ZoneInfo } from '../query/rows-to-points.js';
import { classifyStatus } from './classify.js';
import { authHeaders, redactor, type Credentials } from './credentials.js';

export interface RestClientOptions {
  /** Derived from what the user configured (see restEndpoint): credentials go nowhere else. */
  readonly baseUrl: string;
  /** Fixed, or read per request when they can change (a refused token taken out of `api_tokens`). */
  readonly credentials: Credentials | (() => Credentials);
  readonly http: HttpExchange;
  readonly now: () => number;
}

/** Cloudflare caps `per_page` for zone listings at 50 (other listings allow more; 50 suits all). */
const PER_PAGE = 50;
const MAX_PAGES = 1_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The few REST calls the receiver needs: check the credentials, list an account's zones, name a zone.
 * Failures are SettleErrors whose code says what to do: `cloudflare_auth` (refused; fatal at start),
 * `cloudflare_rate_limited` (throttled) / `cloudflare_unavailable` (retryable), `cloudflare_rest` (other).
 */
export class RestClient {
  constructor(private readonly options: RestClientOptions) {}

  private credentials(): Credentials {
    const c = this.options.credentials;
    return typeof c === 'function' ? c() : c;
  }

  /** Resolves when the credentials are accepted; `false` when this API has no way to check them (404). */
  async verify(signal: AbortSignal): Promise<boolean> {
    const credentials = this.credentials();
    const path = credentials.kind === 'token' ? '/user/tokens/verify' : '/user';
    try {
      const result = await this.get(path, signal);
      if (credentials.kind === 'token' && isObject(result) && typeof result.status === 'string') {
        if (result.status !== 'active') {
          throw permanentError('cloudflare_auth', `the API token is ${result.status}, not active`);
        }
      }
      return true;
    } catch (err) {
      if (errorCodeOf(err) === 'cloudflare_not_found') return false;
      throw err;
    }
  }

  /** Every zone of an account, following pagination. */
  async listZones(accountTag: string, signal: AbortSignal): Promise<ZoneInfo[]> {
    const found = await this.list(`/zones?account.id=${encodeURIComponent(accountTag)}`, signal);
    return found.map(zoneOf).filter((z): z is ZoneInfo => z !== undefined);
  }

  /** The `result` of one REST object (e.g. a ruleset with its rules). */
  read(path: string, signal: AbortSignal): Promise<unknown> {
    return this.get(path, signal);
  }

  /** Every item of a paginated REST listing (`path` may have a query string; `page`/`per_page` are added). */
  async list(path: string, signal: AbortSignal): Promise<unknown[]> {
    const items: unknown[] = [];
    const sep = path.includes('?') ? '&' : '?';
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { result, info } = await this.getEnvelope(`${path}${sep}page=${page}&per_page=${PER_PAGE}`, signal);
      if (!Array.isArray(result)) {
        throw permanentError('cloudflare_rest', `GET ${path.split('?')[0] ?? path}: "result" is not a list`);
      }
      items.push(...(result as unknown[]));
      const totalPages = isObject(info) && typeof info.total_pages === 'number' ? info.total_pages : undefined;
      if (totalPages !== undefined ? page >= totalPages : result.length < PER_PAGE) break;
    }
    return items;
  }

  /** One zone's name and account; undefined when the API does not know it. */
  async getZone(zoneTag: string, signal: AbortSignal): Promise<ZoneInfo | undefined> {
    try {
      return zoneOf(await this.get(`/zones/${encodeURIComponent(zoneTag)}`, signal));
    } catch (err) {
      if (errorCodeOf(err) === 'cloudflare_not_found') return undefined;
      throw err;
    }
  }

  private async get(path: string, signal: AbortSignal): Promise<unknown> {
    return (await this.getEnvelope(path, signal)).result;
  }

  private async getEnvelope(path: string, signal: AbortSignal): Promise<{ result: unknown; info: unknown }> {
    const where = `GET ${path.split('?')[0] ?? path}`;
    const credentials = this.credentials();
    const redact = redactor(credentials);
    let res: HttpResponse;
    try {
      res = await this.options.http.request({
        method: 'GET',
        url: `${this.options.baseUrl}${path}`,
        headers: { accept: 'application/json', ...authHeaders(credentials) },
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      const detail = `${where}: ${redact(err instanceof Error ? err.message : String(err))}`;
      throw isPermanent(err)
        ? permanentError('cloudflare_rest', detail, err)
        : retryableError('cloudflare_unavailable', detail, { cause: err });
    }
    const body = parseJson(res.body);
    const messages = isObject(body) && Array.isArray(body.errors) ? body.errors.map(errorText).join('; ') : '';
    const detail = redact(messages !== '' ? messages : `HTTP ${res.status}`);
    if (res.status === 404) throw permanentError('cloudflare_not_found', `${where}: ${detail}`);
    const success = res.status >= 200 && res.status < 300;
    if (!success || !isObject(body) || body.success === false) {
      throw this.failure(
        success ? 400 : res.status,
        res,
        messages,
        where,
        isObject(body) ? detail : 'reply is not JSON',
      );
    }
    return { result: body.result, info: body.result_info };
  }

  private failure(status: number, res: HttpResponse, messages: string, where: string, what: string): SettleError {
    const c = classifyStatus(status, res.headers['retry-after'], this.options.now());
    if (c.class === 'auth' || /invalid api (token|key)|authenticat/i.test(messages)) {
      return permanentError('cloudflare_auth', `${where}: credentials refused (${what})`);
    }
    const detail = `${where}: ${what}`;
    if (c.class === 'rate_limited') return throttledError('cloudflare_rate_limited', detail, c.retryAfterMs);
    if (c.class === 'retry') {
      return retryableError(
        'cloudflare_unavailable',
        detail,
        c.retryAfterMs === undefined ? {} : { retryAfterMs: c.retryAfterMs },
      );
    }
    return permanentError('cloudflare_rest', detail);
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function errorText(e: unknown): string {
  if (!isObject(e)) return String(e);
  const code = typeof e.code === 'number' || typeof e.code === 'string' ? `${e.code} ` : '';
  return `${code}${typeof e.message === 'string' ? e.message : ''}`.trim();
}

function zoneOf(z: unknown): ZoneInfo | undefined {
  if (!isObject(z) || typeof z.id !== 'string') return undefined;
  const name = typeof z.name === 'string' ? z.name : z.id;
  const account = isObject(z.account) && typeof z.account.name === 'string' ? z.account.name : undefined;
  return { tag: z.id, name, account };
}

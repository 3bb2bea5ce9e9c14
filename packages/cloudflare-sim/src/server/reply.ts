/** A finished HTTP answer; handlers build these and the server writes them. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** Cloudflare's GraphQL error entry: message, path (string segments) and extensions with a timestamp. */
export interface GqlError {
  readonly message: string;
  readonly path: readonly string[] | null;
  readonly extensions: { readonly code?: string; readonly timestamp: string };
}

export function gqlError(
  message: string,
  now: number,
  path: readonly (string | number)[] | null = null,
  code?: string,
): GqlError {
  return {
    message,
    path: path === null ? null : path.map(String),
    extensions: { ...(code === undefined ? {} : { code }), timestamp: new Date(now).toISOString() },
  };
}

export function gqlErrors(status: number, errors: readonly GqlError[], headers: Record<string, string> = {}): Reply {
  return json(status, { data: null, errors }, headers);
}

/** The REST API envelope. */
export function rest(status: number, result: unknown, extra: Record<string, unknown> = {}): Reply {
  return json(status, { success: status < 400, errors: [], messages: [], result, ...extra });
}

export function restError(status: number, code: number, message: string, headers: Record<string, string> = {}): Reply {
  return json(status, { success: false, errors: [{ code, message }], messages: [], result: null }, headers);
}

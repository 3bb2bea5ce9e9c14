/** How requests authenticate. Kept out of every log line, error and metric: see `redactor`. */
export type Credentials =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'legacy'; readonly email: string; readonly key: string };

export function credentialsOf(config: {
  readonly api_token?: string | undefined;
  readonly api_email?: string | undefined;
  readonly api_key?: string | undefined;
}): Credentials {
  if (config.api_token !== undefined) return { kind: 'token', token: config.api_token };
  return { kind: 'legacy', email: config.api_email ?? '', key: config.api_key ?? '' };
}

export function authHeaders(c: Credentials): Record<string, string> {
  return c.kind === 'token' ? { authorization: `Bearer ${c.token}` } : { 'x-auth-email': c.email, 'x-auth-key': c.key };
}

/**
 * Returns a function that blanks the secrets out of any text before it is logged or put in an error: a server
 * or proxy may echo a header back in its body, and that body ends up in messages.
 */
export function redactor(c: Credentials): (text: string) => string {
  const secrets = (c.kind === 'token' ? [c.token] : [c.key]).filter((s) => s.length >= 4);
  return (text) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
}

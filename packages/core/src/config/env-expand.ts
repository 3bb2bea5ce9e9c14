/**
 * `${env:VAR}`, `${env:VAR:-default}` and `$$` (a literal `$`) inside a YAML string, as in the OpenTelemetry
 * Collector. `:-` follows the shell: the default also applies when VAR is set but empty. The result is always a
 * string; turning "8428" into a number is the component schema's decision (e.g. `z.coerce.number()`).
 */
export type Expansion = { readonly value: string } | { readonly error: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function expandEnv(text: string, env: Readonly<Record<string, string | undefined>>): Expansion {
  if (!text.includes('$')) return { value: text };
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== '{') {
      out += '$';
      i++;
      continue;
    }
    const close = text.indexOf('}', i + 2);
    if (close < 0)
      return { error: `unterminated "\${" in ${JSON.stringify(text)}: write \${env:VAR}, or $$ for a literal $` };
    const ref = resolveReference(text.slice(i + 2, close), env);
    if ('error' in ref) return ref;
    out += ref.value;
    i = close + 1;
  }
  return { value: out };
}

function resolveReference(body: string, env: Readonly<Record<string, string | undefined>>): Expansion {
  if (!body.startsWith('env:')) {
    const hint = NAME.test(body)
      ? `: write \${env:${body}}`
      : ': only ${env:VAR} and ${env:VAR:-default} are supported';
    return { error: `unsupported reference "\${${body}}"${hint} (or $$ for a literal $)` };
  }
  const spec = body.slice(4);
  const sep = spec.indexOf(':-');
  const name = sep < 0 ? spec : spec.slice(0, sep);
  if (!NAME.test(name)) {
    return { error: `invalid environment variable name ${JSON.stringify(name)} in "\${${body}}"` };
  }
  const value = env[name];
  if (sep >= 0) return { value: value === undefined || value === '' ? spec.slice(sep + 2) : value };
  if (value === undefined) {
    return { error: `environment variable ${name} is not set (use \${env:${name}:-default} for a fallback)` };
  }
  return { value };
}

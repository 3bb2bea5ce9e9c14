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
    const close = closingBrace(text, i + 2);
    if (close < 0)
      return { error: `unterminated "\${" in ${JSON.stringify(text)}: write \${env:VAR}, or $$ for a literal $` };
    const ref = resolveReference(text.slice(i + 2, close), env);
    if ('error' in ref) return ref;
    out += ref.value;
    i = close + 1;
  }
  return { value: out };
}

/** The `}` closing the `${` whose body starts at `from`, skipping nested `${...}`; -1 when there is none. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') i++;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
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
  // The default may hold references of its own (`${env:A:-${env:B}}`), expanded only when it is used.
  if (sep >= 0) return value === undefined || value === '' ? expandEnv(spec.slice(sep + 2), env) : { value };
  if (value === undefined) {
    return { error: `environment variable ${name} is not set (use \${env:${name}:-default} for a fallback)` };
  }
  return { value };
}

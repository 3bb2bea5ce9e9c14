import { sep } from 'node:path';

/**
 * The folder whose `node_modules` holds a package (the project to run `npm install` in), or the package's own
 * folder when it is not inside a node_modules (a plugin named by path).
 */
export function projectDirOf(packageDir: string): string {
  const parts = packageDir.split(sep);
  const at = parts.lastIndexOf('node_modules');
  return at > 0 ? parts.slice(0, at).join(sep) : packageDir;
}

/**
 * One line saying why a plugin's entry failed to import and what to run. Node's own messages can span lines
 * ("Did you mean…"), which would break the `file:line:col  path  message` format, so only the first is kept.
 */
export function explainImportFailure(label: string, err: unknown, packageDir: string, coreRange: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(message)?.[1];
  if (
    code === 'ERR_MODULE_NOT_FOUND' &&
    missing !== undefined &&
    !missing.startsWith('/') &&
    !missing.startsWith('.')
  ) {
    const name = packageNameOf(missing);
    const install = name === '@settle/core' ? `@settle/core@"${coreRange}"` : name;
    const where = projectDirOf(packageDir);
    return `${label} cannot load its dependency ${name}, which is not installed: run "npm install ${install}" in ${where}`;
  }
  const first = message.split('\n')[0] ?? '';
  return `${label} failed to load: ${first}`;
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

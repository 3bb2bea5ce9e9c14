import { accessSync, constants, statSync } from 'node:fs';
import type { ConfigCheckProblem } from '../component/define.js';

/**
 * For a definition's `check`: a file the component will read at start (a CA bundle) must exist and be
 * readable, so `settle validate` says so instead of `settle run` failing on it. Relative paths are taken from
 * the working directory, as the component will.
 */
export function checkReadableFile(file: string | undefined, path: readonly (string | number)[]): ConfigCheckProblem[] {
  if (file === undefined) return [];
  try {
    if (!statSync(file).isFile()) return [{ path, message: `"${file}" is not a file` }];
    accessSync(file, constants.R_OK);
    return [];
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(err));
    return [{ path, message: `cannot read "${file}": ${reason}` }];
  }
}

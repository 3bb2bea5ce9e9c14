import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const VMALERT = process.env.VMALERT_BIN ?? '/usr/bin/vmalert';
export const haveVmalert = existsSync(VMALERT);

/** Runs vmalert with `args` to completion; resolves with its exit code and the tail of its output. */
export function vmalert(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(VMALERT, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (c: Buffer): void => void (output = (output + c.toString()).slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

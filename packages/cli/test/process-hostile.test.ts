import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real binary: an empty event loop only shows under plain Node, never inside the test runner.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = join(root, 'packages', 'cli', 'bin', 'settle.js');
const built = existsSync(join(root, 'packages', 'cli', 'dist', 'src', 'main.js'));
const itBuilt = built ? it : it.skip;

describe('settle run with nothing keeping Node busy', { timeout: 60_000 }, () => {
  itBuilt('with self-telemetry off it runs until SIGTERM, then exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-alive-'));
    const config = join(dir, 'settle.yaml');
    writeFileSync(
      config,
      'receivers:\n  generator: { interval: 1h }\nexporters:\n  debug:\n' +
        'service:\n  telemetry: { metrics: { enabled: false } }\n' +
        '  pipelines:\n    metrics: { receivers: [generator], exporters: [debug] }\n',
    );
    const child = spawn(process.execPath, [bin, 'run', '-c', config], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 500 && !stderr.includes('settle is running') && child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // The loop empties within a tick of the last unref'd timer being armed; 2 s is ample to see it happen.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(child.exitCode, `settle exited on its own:\n${stderr}`).toBeNull();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

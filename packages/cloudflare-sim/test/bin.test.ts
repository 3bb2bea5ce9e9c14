import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/cloudflare-sim.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/src/cli.js', import.meta.url)));
if (!built)
  console.warn('SKIPPING cloudflare-sim bin test: dist/src/cli.js is missing; run `pnpm build` (tsc -b) first.');

describe('cloudflare-sim bin', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child?.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
  });

  it.skipIf(!built)(
    'starts on a free port, prints its zones and serves GraphQL with an accelerated clock',
    async () => {
      child = spawn(
        process.execPath,
        [
          bin,
          ...['--port', '0', '--zones', '2', '--seed', '5', '--speed', '600', '--start', '2026-01-01T12:00:00Z'],
          ...['--settling', 'fast'],
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const banner = await new Promise<string>((resolve, reject) => {
        let out = '';
        child!.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if ((out.match(/ zone /g) ?? []).length === 2) resolve(out);
        });
        child!.once('exit', (code) => reject(new Error(`exited with ${String(code)}: ${out}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(banner)![1]!;
      expect(banner).toContain('settling: fast');
      const zone = /zone ([0-9a-f]{32}) zone-000\.example\.com/.exec(banner)![1]!;
      // At 600x, half a wall second is five virtual minutes: the first minute has ended and is visible.
      await new Promise((r) => setTimeout(r, 500));
      const res = await fetch(`${url}/client/v4/graphql`, {
        method: 'POST',
        headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `{ viewer { zones(filter: { zoneTag: "${zone}" }) { httpRequests1mGroups(limit: 10, filter: { datetime_geq: "2026-01-01T12:00:00Z", datetime_lt: "2026-01-01T12:01:00Z" }) { sum { requests } } } } }`,
        }),
      });
      const body = (await res.json()) as {
        data: { viewer: { zones: { httpRequests1mGroups: { sum: { requests: number } }[] }[] } };
      };
      // At 600x, the first virtual minute has ended (and started settling) within a wall second of startup.
      await new Promise((r) => setTimeout(r, 200));
      expect(res.status).toBe(200);
      expect(body.data.viewer.zones[0]!.httpRequests1mGroups.length).toBeLessThanOrEqual(1);
      process.kill(child.pid!, 'SIGTERM');
      const code = await new Promise<number | null>((resolve) => child!.once('exit', resolve));
      expect(code).toBe(0);
    },
  );
});

import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, TOKEN, type Harness } from './support.js';

const QUERY = JSON.stringify({ query: '{ viewer { budget } }' });

/** One GraphQL POST through node:http, counting the pieces the body arrived in. */
function post(url: string): Promise<{ status: number; pieces: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, pieces: chunks.length, text: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(QUERY);
  });
}

describe('slowReplies: trickled GraphQL bodies', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.server.close();
    h = undefined;
  });

  it('sends a slow reply in pieces, whole and identical to a fast one', async () => {
    const fast = await startHarness();
    const expected = await post(fast.server.graphqlUrl);
    await fast.server.close();
    h = await startHarness({ slowReplies: { share: 1, durationMs: 90 } });
    const slow = await post(h.server.graphqlUrl);
    expect(expected.pieces).toBe(1);
    expect(slow.pieces).toBeGreaterThan(1);
    expect(slow.status).toBe(200);
    expect(slow.text).toBe(expected.text);
    expect(h.server.simulator.stats().slowReplies).toBe(1);
    // REST and test endpoints are never slowed.
    expect((await h.get('/__stats')).status).toBe(200);
  });

  it('slows about `share` of the replies, the same ones for the same seed', async () => {
    const slowOnes = async (): Promise<boolean[]> => {
      const harness = await startHarness({ seed: 4, slowReplies: { share: 0.3, durationMs: 45 } });
      const out: boolean[] = [];
      for (let i = 0; i < 40; i++) out.push((await post(harness.server.graphqlUrl)).pieces > 1);
      await harness.server.close();
      return out;
    };
    const first = await slowOnes();
    const count = first.filter(Boolean).length;
    expect(count).toBeGreaterThan(3);
    expect(count).toBeLessThan(25);
    expect(await slowOnes()).toEqual(first);
  });

  it('leaves no timer behind when closed with a slow reply in flight', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    h = await startHarness({ slowReplies: { share: 1, durationMs: 60_000 } });
    const inFlight = post(h.server.graphqlUrl).catch((err: unknown) => err);
    // The headers arrive at once; wait until the server is in a pause.
    while (timers() === before) await new Promise((r) => setImmediate(r));
    await h.server.close();
    expect(await inFlight).toBeInstanceOf(Error);
    expect(timers()).toBe(before);
  });

  it('rejects a share outside 0..1', async () => {
    await expect(startHarness({ slowReplies: { share: 2, durationMs: 10 } })).rejects.toThrow(/slowReplies/);
  });
});

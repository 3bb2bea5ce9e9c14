/**
 * How fast the simulator serves a live poller: N zones polled every 30 s of virtual time over a 10-minute
 * lookback, in batches of 10 zones, through real HTTP on 127.0.0.1. Prints virtual time served per wall
 * second (the figure the demo and receiver benchmarks care about) and the generation cost per zone-minute.
 */
import { generateMinute } from '../src/model/generate-minute.js';
import { makeZones } from '../src/model/zones.js';
import { createVirtualClock, startSimulatorServer } from '../src/index.js';

const QUERY = `query ($zones: [string!], $from: Time!, $to: Time!) { viewer { zones(filter: { zoneTag_in: $zones }) {
  zoneTag
  httpRequests1mGroups(limit: 10000, filter: { datetime_geq: $from, datetime_lt: $to }) {
    sum { requests bytes cachedRequests threats countryMap { clientCountryName requests } responseStatusMap { edgeResponseStatus requests } }
    uniq { uniques } dimensions { datetimeMinute } }
  httpRequestsAdaptiveGroups(limit: 10000, filter: { datetime_geq: $from, datetime_lt: $to }) {
    count sum { edgeResponseBytes visits } dimensions { datetimeMinute edgeResponseStatus clientCountryName coloCode } }
  firewallEventsAdaptiveGroups(limit: 10000, filter: { datetime_geq: $from, datetime_lt: $to }) {
    count dimensions { datetimeMinute action source ruleId } } } } }`;

function generation(): void {
  const zones = makeZones(1, 50, 1000);
  const minutes = 200;
  const t0 = performance.now();
  for (let m = 0; m < minutes; m++) for (const z of zones) generateMinute(1, z, Date.UTC(2026, 0, 1) + m * 60_000);
  const perMinute = ((performance.now() - t0) * 1000) / (minutes * zones.length);
  console.log(
    `generation: ${perMinute.toFixed(0)} µs per zone-minute (${(1e6 / perMinute).toFixed(0)} zone-minutes/s)`,
  );
}

async function polling(zoneCount: number, virtualMinutes: number): Promise<void> {
  const start = Date.UTC(2026, 0, 1, 12);
  const clock = createVirtualClock(start);
  const server = await startSimulatorServer({ zones: zoneCount, clock, quota: { queries: 1e9, windowMs: 300_000 } });
  const tags = server.simulator.zones.map((z) => z.tag);
  let queries = 0;
  let bytes = 0;
  const t0 = performance.now();
  for (let tick = 0; tick < virtualMinutes * 2; tick++) {
    clock.advance(30_000);
    const now = clock.now();
    for (let i = 0; i < tags.length; i += 10) {
      const res = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
        body: JSON.stringify({
          query: QUERY,
          variables: {
            zones: tags.slice(i, i + 10),
            from: new Date(now - 600_000).toISOString(),
            to: new Date(now).toISOString(),
          },
        }),
      });
      bytes += (await res.arrayBuffer()).byteLength;
      queries++;
    }
  }
  const wall = (performance.now() - t0) / 1000;
  await server.close();
  console.log(
    `polling ${zoneCount} zones for ${virtualMinutes} virtual min: ${queries} queries in ${wall.toFixed(2)} s wall ` +
      `(${(queries / wall).toFixed(1)} q/s, ${(bytes / queries / 1024).toFixed(0)} KiB/answer, ` +
      `virtual:wall = ${((virtualMinutes * 60) / wall).toFixed(0)}:1)`,
  );
}

generation();
await polling(10, 60);
await polling(50, 30);

/**
 * How fast replies become points: a 10-zone, 11-minute httpRequests1mGroups reply shaped like Cloudflare's
 * (about 7,500 points, as the simulator's default traffic gives), parsed and mapped repeatedly.
 * Prints points per second and the cost per reply; compare it with Cloudflare's pace of one reply per second.
 */
import { datasetById, parseGraphqlReply, PointCollector } from '../src/index.js';

const ZONES = 10;
const MINUTES = 11;
const COUNTRIES = [
  'US',
  'DE',
  'FR',
  'GB',
  'JP',
  'BR',
  'IN',
  'CN',
  'NL',
  'SE',
  'CA',
  'AU',
  'ES',
  'IT',
  'PL',
  'RU',
  'KR',
  'MX',
  'SG',
  'ZA',
];
const STATUSES = [200, 204, 301, 302, 304, 400, 403, 404, 499, 500, 502, 503];
const TYPES = ['html', 'js', 'css', 'png', 'jpeg', 'json', 'svg', 'woff2', 'empty', 'txt'];
const BROWSERS = ['Chrome', 'Safari', 'Firefox', 'Edge', 'Opera', 'Samsung'];

function reply(): unknown {
  const t0 = Date.UTC(2026, 0, 1, 12);
  return {
    data: {
      viewer: {
        zones: Array.from({ length: ZONES }, (_, z) => ({
          zoneTag: z.toString(16).padStart(32, '0'),
          httpRequests1mGroups: Array.from({ length: MINUTES }, (_, m) => ({
            dimensions: { datetimeMinute: new Date(t0 + m * 60_000).toISOString().replace('.000Z', 'Z') },
            sum: {
              requests: 1000 + m,
              bytes: 1e6,
              cachedRequests: 400,
              cachedBytes: 4e5,
              encryptedRequests: 990,
              encryptedBytes: 9.9e5,
              threats: 3,
              pageViews: 120,
              countryMap: COUNTRIES.map((c, i) => ({
                clientCountryName: c,
                requests: 50 + i,
                bytes: 5e4,
                threats: i % 2,
              })),
              responseStatusMap: STATUSES.map((s, i) => ({ edgeResponseStatus: s, requests: 80 + i })),
              contentTypeMap: TYPES.map((t, i) => ({ edgeResponseContentTypeName: t, requests: 100 + i, bytes: 1e5 })),
              browserMap: BROWSERS.map((b, i) => ({ uaBrowserFamily: b, pageViews: 20 + i })),
              threatPathingMap: [{ threatPathingName: 'bic.ban.unknown', requests: 3 }],
            },
            uniq: { uniques: 300 },
          })),
        })),
      },
    },
    errors: null,
  };
}

const spec = datasetById('http_requests');
const body = JSON.stringify(reply());
const run = (): number => {
  const parsed = parseGraphqlReply(JSON.parse(body), spec.dataset);
  const collector = new PointCollector(spec);
  for (const z of parsed.zones)
    collector.addRows({ tag: z.zoneTag, name: `${z.zoneTag}.example.com`, account: 'Acme' }, z.rows ?? []);
  return collector.metrics().reduce((n, m) => n + m.points.length, 0);
};

for (let i = 0; i < 20; i++) run(); // warm-up
const rounds = 200;
let points = 0;
const start = process.hrtime.bigint();
for (let i = 0; i < rounds; i++) points += run();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const perReply = (seconds / rounds) * 1000;
console.log(`reply: ${(body.length / 1024).toFixed(0)} KiB, ${points / rounds} points`);
console.log(
  `parse + map: ${perReply.toFixed(2)} ms per reply, ${Math.round(points / seconds).toLocaleString('en')} points/s`,
);
// Cloudflare's quota allows one query per second on average: the share of that second spent mapping.
console.log(`CPU share at Cloudflare's full quota (1 reply/s): ${((perReply / 1000) * 100).toFixed(1)} %`);

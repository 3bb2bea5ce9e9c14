// Fuzz: generated GraphQL replies, from plausible to hostile, through the reply parser and the point collector
// (issue 19). Properties: nothing throws; every point is a finite integer in [0, 2^53]; every point lies in a
// queried minute; `resultOf` always names a result. Fixed seed by default; FUZZ_SEED / FUZZ_RUNS vary it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASET_IDS, datasetById } from '../datasets/catalog.js';
import { resultOf } from '../lanes/query-result.js';
import { parseGraphqlReply } from './parse-reply.js';
import { MAX_COUNT } from './reply-values.js';
import { PointCollector } from './rows-to-points.js';

const SEED = Number(process.env.FUZZ_SEED ?? 19);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const MIN = 60_000;
const SINCE = Date.UTC(2026, 2, 1, 12, 0);
const range = { sinceMs: SINCE, untilMs: SINCE + 15 * MIN };
const TAGS = ['a'.repeat(32), 'b'.repeat(32)];

/** Counts as a broken or hostile endpoint might send them, next to ordinary ones. */
const count = fc.oneof(
  { weight: 8, arbitrary: fc.nat({ max: 100_000 }) },
  fc.constantFrom(0, 2 ** 53, 2 ** 53 + 2, 1.7e308, -1, 2.5, Number.MAX_VALUE, -0),
  fc.double(),
  fc.constantFrom('12', '0x1F', '1e3', ' 7', '', 'NaN', 'Infinity', '9007199254740993', '3.0', '-4'),
  fc.string({ maxLength: 6 }),
  fc.constantFrom(null, true, [], {}),
);

const minuteText = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** Dates: in range, just outside, impossible, lenient-parser bait. */
const datetime = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -3, max: 18 }).map((i) => minuteText(SINCE + i * MIN)) },
  fc.integer({ min: 0, max: 14 }).map((i) => new Date(SINCE + i * MIN + 90 * MIN).toISOString().replace('Z', '+01:30')),
  fc.constantFrom('1', '2026-02-30T00:00:00Z', '2026-03-01T12:00:00', '2026-03-01', '2026-03-01T24:00:00Z', 'now'),
  fc.integer(),
  fc.string({ maxLength: 25 }),
);

const leaf = fc.oneof(count, fc.string({ maxLength: 8 }));
const entry = fc.dictionary(
  fc.constantFrom('requests', 'bytes', 'threats', 'pageViews', 'clientCountryName', 'edgeResponseStatus'),
  leaf,
);

const row = fc.record(
  {
    count,
    dimensions: fc.record(
      {
        datetimeMinute: datetime,
        action: fc.string({ maxLength: 5 }),
        coloCode: fc.string({ maxLength: 4 }),
        clientCountryName: fc.constantFrom('US', 'DE', 'XX', ''),
      },
      { requiredKeys: [] },
    ),
    sum: fc.record(
      {
        requests: count,
        bytes: count,
        visits: count,
        edgeResponseBytes: count,
        threats: count,
        pageViews: count,
        countryMap: fc.oneof(fc.array(entry, { maxLength: 4 }), leaf),
        responseStatusMap: fc.array(entry, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    uniq: fc.record({ uniques: count }, { requiredKeys: [] }),
  },
  { requiredKeys: ['dimensions'] },
);

const zoneEntry = (dataset: string) =>
  fc.record(
    {
      zoneTag: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...TAGS) },
        fc.string({ maxLength: 4 }),
        fc.constant(null),
      ),
      [dataset]: fc.oneof({ weight: 8, arbitrary: fc.array(row, { maxLength: 12 }) }, fc.constant(null), leaf),
    },
    { requiredKeys: ['zoneTag', dataset] },
  );

const reply = (dataset: string) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        data: fc.record({ viewer: fc.record({ zones: fc.array(zoneEntry(dataset), { maxLength: 3 }) }) }),
        errors: fc.constant(null),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        data: fc.oneof(
          fc.constant(null),
          fc.record({ viewer: fc.record({ zones: fc.array(zoneEntry(dataset), { maxLength: 2 }) }) }),
        ),
        errors: fc.array(
          fc.record(
            {
              message: fc.string({ maxLength: 20 }),
              path: fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.nat(3)), { maxLength: 4 }),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        ),
      }),
    },
    { weight: 1, arbitrary: fc.anything() },
  );

const cases = fc
  .constantFrom(...DATASET_IDS)
  .chain((id) => fc.record({ id: fc.constant(id), body: reply(datasetById(id).dataset) }));

describe('fuzz: GraphQL replies', () => {
  it(`never throws, never yields a non-finite, out-of-range or out-of-window point: ${RUNS} replies (seed ${SEED})`, () => {
    let points = 0;
    fc.assert(
      fc.property(cases, ({ id, body }) => {
        const spec = datasetById(id);
        const parsed = parseGraphqlReply(body, spec.dataset, TAGS);
        expect(typeof resultOf({ reply: parsed, zoneErrors: new Map(), failure: undefined })).toBe('string');
        const collector = new PointCollector(spec);
        let invalid = 0;
        for (const z of parsed.zones) {
          if (z.rows === undefined) continue;
          const added = collector.addRows({ tag: z.zoneTag, name: z.zoneTag }, z.rows, range);
          expect(added.invalid).toBeGreaterThanOrEqual(added.invalidFields.size);
          invalid += added.invalid;
        }
        for (const m of collector.metrics()) {
          for (const p of m.points) {
            points++;
            expect(Number.isInteger(p.value), `${m.descriptor.name} = ${p.value}`).toBe(true);
            expect(p.value).toBeGreaterThanOrEqual(0);
            expect(p.value).toBeLessThanOrEqual(MAX_COUNT);
            const start = p.startMs ?? Number.NaN;
            expect(start).toBeGreaterThanOrEqual(range.sinceMs);
            expect(start).toBeLessThan(range.untilMs);
            expect(start % MIN).toBe(0);
            expect(p.timeMs).toBe(start + MIN);
          }
        }
        return invalid >= 0;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Not vacuous: the generated replies carry plenty of readable values too.
    expect(points).toBeGreaterThan(RUNS / 10);
  });
});

import { createHash } from 'node:crypto';
import { runConformance } from '@settle/core/testing';
import { describe, expect, it } from 'vitest';
import { attributesProcessor, resourceProcessor } from '../src/index.js';
import { point, REQUESTS, run } from './harness.js';

const oneAction = { actions: [{ key: 'env', action: 'upsert', value: 'prod' }] };
runConformance(attributesProcessor, { validConfig: oneAction });
runConformance(resourceProcessor, { validConfig: oneAction });

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const input = { zone: 'a.com', client_ip: '192.0.2.1', status: 200 };

describe('attributes and resource actions', () => {
  const cases: { name: string; actions: unknown[]; out: Record<string, unknown> }[] = [
    {
      name: 'insert adds when absent',
      actions: [{ key: 'env', action: 'insert', value: 'prod' }],
      out: { ...input, env: 'prod' },
    },
    { name: 'insert leaves a present one', actions: [{ key: 'zone', action: 'insert', value: 'x' }], out: input },
    {
      name: 'update changes a present one',
      actions: [{ key: 'zone', action: 'update', value: 'x' }],
      out: { ...input, zone: 'x' },
    },
    { name: 'update does not add', actions: [{ key: 'env', action: 'update', value: 'x' }], out: input },
    { name: 'upsert adds', actions: [{ key: 'env', action: 'upsert', value: 3 }], out: { ...input, env: 3 } },
    {
      name: 'upsert replaces',
      actions: [{ key: 'status', action: 'upsert', value: 'ok' }],
      out: { ...input, status: 'ok' },
    },
    { name: 'delete', actions: [{ key: 'client_ip', action: 'delete' }], out: { zone: 'a.com', status: 200 } },
    { name: 'delete of an absent key', actions: [{ key: 'nope', action: 'delete' }], out: input },
    {
      name: 'rename moves the value',
      actions: [{ key: 'zone', action: 'rename', to: 'zone_name' }],
      out: { client_ip: '192.0.2.1', status: 200, zone_name: 'a.com' },
    },
    {
      name: 'rename over an existing key replaces it',
      actions: [{ key: 'zone', action: 'rename', to: 'status' }],
      out: { client_ip: '192.0.2.1', status: 'a.com' },
    },
    { name: 'rename of an absent key does nothing', actions: [{ key: 'x', action: 'rename', to: 'y' }], out: input },
    {
      name: 'hash replaces the value by its SHA-256 hex',
      actions: [{ key: 'client_ip', action: 'hash' }],
      out: { ...input, client_ip: sha('192.0.2.1') },
    },
    {
      name: 'hash of a number hashes its text',
      actions: [{ key: 'status', action: 'hash' }],
      out: { ...input, status: sha('200') },
    },
    {
      name: 'copy from another attribute (upsert from_attribute)',
      actions: [{ key: 'site', action: 'upsert', from_attribute: 'zone' }],
      out: { ...input, site: 'a.com' },
    },
    {
      name: 'from_attribute of an absent attribute sets nothing',
      actions: [{ key: 'site', action: 'upsert', from_attribute: 'nope' }],
      out: input,
    },
    {
      name: 'actions apply in order (copy, then hash the original, then delete)',
      actions: [
        { key: 'ip_prefix', action: 'insert', value: '192.0.2.0/24' },
        { key: 'client_ip', action: 'hash' },
        { key: 'client', action: 'upsert', from_attribute: 'client_ip' },
        { key: 'client_ip', action: 'delete' },
      ],
      out: { zone: 'a.com', status: 200, ip_prefix: '192.0.2.0/24', client: sha('192.0.2.1') },
    },
  ];

  it.each(cases)('attributes: $name', async ({ actions, out }) => {
    const r = await run(attributesProcessor, { actions });
    const batch = { resource: { r: 1 }, metrics: [{ descriptor: REQUESTS, points: [point(input, 5)] }] };
    await r.feed(batch);
    expect(r.sink.points()[0]?.attributes).toEqual(out);
    expect(r.sink.points()[0]?.resource).toEqual({ r: 1 });
    expect(batch.metrics[0]?.points[0]?.attributes).toEqual(input); // the input is never mutated
  });

  it.each(cases)('resource: $name', async ({ actions, out }) => {
    const r = await run(resourceProcessor, { actions });
    await r.feed({ resource: input, metrics: [{ descriptor: REQUESTS, points: [point({ a: 1 }, 5)] }] });
    expect(r.sink.batches[0]?.resource).toEqual(out);
    expect(r.sink.points()[0]?.attributes).toEqual({ a: 1 });
  });

  const refused: [string, unknown][] = [
    ['no actions', { actions: [] }],
    ['insert without a value', { actions: [{ key: 'a', action: 'insert' }] }],
    [
      'upsert with value and from_attribute',
      { actions: [{ key: 'a', action: 'upsert', value: 1, from_attribute: 'b' }] },
    ],
    ['rename without to', { actions: [{ key: 'a', action: 'rename' }] }],
    ['an unknown action', { actions: [{ key: 'a', action: 'extract' }] }],
  ];
  it.each(refused)('refuses %s', (_name, config) => {
    expect(attributesProcessor.config.safeParse(config).success).toBe(false);
  });
});

import type { ExtraDatasetDef } from './extra-datasets.js';
import { extraDimensions } from './resolve-extra.js';
import { filterInput, objectType, orderByEnum } from './sdl-builders.js';

/** The field of an extra dataset on its `zone` / `account` node. */
export function extraField(def: ExtraDatasetDef): string {
  const T = def.typeName;
  return `  ${def.name}(filter: ${T}Filter_InputObject!, limit: uint64!, orderBy: [${T}OrderBy!]): [${T}!]!`;
}

/** The types of an extra dataset: the group, its dimensions, value blocks, filter and order-by enum. */
export function extraTypes(def: ExtraDatasetDef): string[] {
  const T = def.typeName;
  const dims = extraDimensions(def);
  const blocks: [string, readonly string[], string][] = [
    ['sum', def.sum, 'float64!'],
    ['max', def.max, 'uint64!'],
    ['quantiles', def.quantiles, 'float64!'],
    ['avg', def.avg, 'float64!'],
  ];
  const top: [string, string][] = [['dimensions', `${T}Dimensions`]];
  if (def.count) top.push(['count', 'uint64!']);
  const out: string[] = [];
  for (const [block, fields, type] of blocks) {
    if (fields.length === 0) continue;
    const name = `${T}${block[0]?.toUpperCase() ?? ''}${block.slice(1)}`;
    top.push([block, name]);
    out.push(
      objectType(
        name,
        fields.map((x) => [x, type] as const),
      ),
    );
  }
  out.push(
    objectType(
      T,
      top.sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    ),
    objectType(
      `${T}Dimensions`,
      dims.map((d) => [d.name, `${d.type}!`] as const),
    ),
    filterInput(`${T}Filter_InputObject`, dims),
    orderByEnum(`${T}OrderBy`, [
      ...dims.map((d) => d.name),
      ...(def.count ? ['count'] : []),
      ...def.sum.map((s) => `sum_${s}`),
      ...def.max.map((s) => `max_${s}`),
      ...def.avg.map((s) => `avg_${s}`),
    ]),
  );
  return out;
}

import type { DatasetDef, FieldDef } from './datasets.js';

/** SDL text builders shaped like Cloudflare's introspection dump: filters, order-by enums, object types. */

export function filterInput(typeName: string, fields: readonly FieldDef[]): string {
  const lines = [`  AND: [${typeName}!]`, `  OR: [${typeName}!]`];
  for (const f of [...fields].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const listType = f.type === 'uint8' ? 'bytes' : `[${f.type}!]`;
    const ops: [string, string][] = [
      ['', f.type],
      ['_geq', f.type],
      ['_gt', f.type],
      ['_in', listType],
      ['_leq', f.type],
      ...(f.type === 'string' ? ([['_like', 'string']] as [string, string][]) : []),
      ['_lt', f.type],
      ['_neq', f.type],
      ['_notin', listType],
      ...(f.type === 'string' ? ([['_notlike', 'string']] as [string, string][]) : []),
    ];
    for (const [suffix, type] of ops) lines.push(`  ${f.name}${suffix}: ${type}`);
  }
  return `input ${typeName} {\n${lines.join('\n')}\n}`;
}

export function orderByEnum(typeName: string, keys: readonly string[]): string {
  const values = [...keys].sort().flatMap((k) => [`  ${k}_ASC`, `  ${k}_DESC`]);
  return `enum ${typeName} {\n${values.join('\n')}\n}`;
}

export function objectType(name: string, fields: readonly (readonly [string, string])[]): string {
  return `type ${name} {\n${fields.map(([f, t]) => `  ${f}: ${t}`).join('\n')}\n}`;
}

export function dimensionsType(def: DatasetDef): string {
  return objectType(
    `${def.typeName}Dimensions`,
    def.dimensions.map((f) => [f.name, `${f.type}!`] as const),
  );
}

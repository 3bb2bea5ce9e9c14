import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function forEachField(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, fn: (f: FieldNode) => void): void {
  if (set === undefined) return;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) fn(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) forEachField(sel.selectionSet, info, fn);
    else forEachField(info.fragments[sel.name.value]?.selectionSet, info, fn);
  }
}

/**
 * The dimension names selected under `dimensions { ... }` of the field being resolved (aliases, inline fragments
 * and fragment spreads included). Grouping is by exactly these, as in Cloudflare: selecting a dimension is what
 * asks for it to be grouped by.
 */
export function selectedDimensions(info: GraphQLResolveInfo): string[] {
  const names = new Set<string>();
  for (const node of info.fieldNodes) {
    forEachField(node.selectionSet, info, (f) => {
      if (f.name.value !== 'dimensions') return;
      forEachField(f.selectionSet, info, (d) => {
        if (!d.name.value.startsWith('__')) names.add(d.name.value);
      });
    });
  }
  return [...names].sort();
}

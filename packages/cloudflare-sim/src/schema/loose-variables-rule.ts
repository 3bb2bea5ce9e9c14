import {
  GraphQLError,
  isListType,
  isNonNullType,
  isScalarType,
  specifiedRules,
  typeFromAST,
  VariablesInAllowedPositionRule,
  type GraphQLType,
  type ValidationRule,
  type VariableDefinitionNode,
} from 'graphql';

/**
 * Cloudflare accepts variables whose declared scalar differs from the argument's: lablabs/cloudflare-exporter
 * declares `$limit: Int!` for `limit: uint64!` and `$zoneIDs: [String!]` for `zoneTag_in: [string!]`. This
 * replaces graphql-js' strict VariablesInAllowedPositionRule with one where any scalar fits any scalar position;
 * list shape and nullability are still checked as the spec says (a single value may also fill a list position).
 */
export const LooseVariablesInAllowedPositionRule: ValidationRule = (context) => {
  let defs: Record<string, VariableDefinitionNode> = Object.create(null) as Record<string, VariableDefinitionNode>;
  return {
    OperationDefinition: {
      enter() {
        defs = Object.create(null) as Record<string, VariableDefinitionNode>;
      },
      leave(operation) {
        for (const { node, type, defaultValue } of context.getRecursiveVariableUsages(operation)) {
          const def = defs[node.name.value];
          if (def === undefined || type === undefined || type === null) continue;
          const varType = typeFromAST(context.getSchema(), def.type);
          if (varType === undefined) continue;
          let location: GraphQLType = type;
          if (isNonNullType(location) && !isNonNullType(varType)) {
            const hasDefault = def.defaultValue !== undefined || defaultValue !== undefined;
            if (!hasDefault) {
              report(context, def, varType, type);
              continue;
            }
            location = location.ofType;
          }
          if (!fits(varType, location)) report(context, def, varType, type);
        }
      },
    },
    VariableDefinition(node) {
      defs[node.variable.name.value] = node;
    },
  };
};

function fits(varType: GraphQLType, location: GraphQLType): boolean {
  if (isNonNullType(location)) return isNonNullType(varType) && fits(varType.ofType, location.ofType);
  const inner = isNonNullType(varType) ? varType.ofType : varType;
  if (isListType(location)) {
    // A list variable fills a list position; a single value fills it too (input coercion wraps it).
    return isListType(inner) ? fits(inner.ofType, location.ofType) : fits(varType, location.ofType);
  }
  if (isListType(inner)) return false;
  return inner === location || (isScalarType(inner) && isScalarType(location));
}

function report(
  context: Parameters<ValidationRule>[0],
  def: VariableDefinitionNode,
  varType: GraphQLType,
  type: GraphQLType,
): void {
  context.reportError(
    new GraphQLError(
      `Variable "$${def.variable.name.value}" of type "${String(varType)}" used in position expecting type "${String(type)}".`,
      { nodes: [def] },
    ),
  );
}

/** graphql-js' specified rules with the strict variable-position rule swapped for the loose one. */
export const cloudflareValidationRules: readonly ValidationRule[] = [
  ...specifiedRules.filter((rule) => rule !== VariablesInAllowedPositionRule),
  LooseVariablesInAllowedPositionRule,
];

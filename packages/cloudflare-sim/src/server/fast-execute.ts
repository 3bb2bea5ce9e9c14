import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * A small executor for already-validated queries without introspection. graphql-js' `execute` spends most of a
 * large answer (tens of thousands of groups) on per-value type checks; this one walks the selection once per
 * list with the field map precomputed. Resolvers see the same contract: function-valued properties are called
 * with (args, context, info) and `info` carries fieldNodes and fragments.
 */
interface Run {
  readonly schema: GraphQLSchema;
  readonly fragments: Record<string, FragmentDefinitionNode>;
  readonly variables: Record<string, unknown>;
  readonly context: unknown;
  readonly errors: GraphQLError[];
}

type FieldMap = Map<string, FieldNode[]>;

/** Response path as a linked list: built per field for free, turned into an array only for an error. */
interface Path {
  readonly prev: Path | undefined;
  readonly key: string | number;
}

function pathArray(path: Path | undefined): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p = path; p !== undefined; p = p.prev) out.push(p.key);
  return out.reverse();
}

export function fastExecute(args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  rootValue: unknown;
  contextValue: unknown;
  variableValues?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
}): ExecutionResult {
  const operations = args.document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    args.operationName === undefined
      ? operations.length === 1
        ? operations[0]
        : undefined
      : operations.find((o) => o.name?.value === args.operationName);
  if (operation === undefined) return { errors: [new GraphQLError('Must provide a known operation (operationName).')] };
  const queryType = args.schema.getQueryType();
  if (operation.operation !== OperationTypeNode.QUERY || queryType === undefined || queryType === null) {
    return { errors: [new GraphQLError(`Schema is not configured to execute ${operation.operation} operation.`)] };
  }
  const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (coerced.errors !== undefined) return { errors: coerced.errors };
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of args.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const run: Run = {
    schema: args.schema,
    fragments,
    variables: coerced.coerced,
    context: args.contextValue,
    errors: [],
  };
  const data = executeFields(run, queryType, args.rootValue, collect(run, [operation.selectionSet]), undefined);
  return run.errors.length > 0 ? { data, errors: run.errors } : { data };
}

function included(run: Run, n: SelectionNode): boolean {
  if (n.directives === undefined || n.directives.length === 0) return true;
  if (getDirectiveValues(GraphQLSkipDirective, n, run.variables)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, n, run.variables)?.['if'] !== false;
}

function collect(run: Run, sets: readonly (SelectionSetNode | undefined)[], into: FieldMap = new Map()): FieldMap {
  for (const set of sets) {
    if (set === undefined) continue;
    for (const sel of set.selections) {
      if (!included(run, sel)) continue;
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        const list = into.get(key);
        if (list === undefined) into.set(key, [sel]);
        else list.push(sel);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) collect(run, [sel.selectionSet], into);
      else collect(run, [run.fragments[sel.name.value]?.selectionSet], into);
    }
  }
  return into;
}

function executeFields(
  run: Run,
  type: GraphQLObjectType,
  source: unknown,
  fields: FieldMap,
  path: Path | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const defs = type.getFields();
  for (const [key, nodes] of fields) {
    const first = nodes[0] as FieldNode;
    const name = first.name.value;
    if (name === '__typename') {
      out[key] = type.name;
      continue;
    }
    const def = defs[name];
    if (def === undefined) continue;
    const fieldPath: Path = { prev: path, key };
    try {
      let value = (source as Record<string, unknown> | null | undefined)?.[name];
      if (typeof value === 'function') {
        const fieldArgs = def.args.length > 0 ? getArgumentValues(def, first, run.variables) : {};
        const info = {
          fieldName: name,
          fieldNodes: nodes,
          fragments: run.fragments,
          variableValues: run.variables,
          schema: run.schema,
        };
        value = (value as (a: unknown, c: unknown, i: GraphQLResolveInfo) => unknown).call(
          source,
          fieldArgs,
          run.context,
          info as unknown as GraphQLResolveInfo,
        );
      }
      out[key] = completerFor(def.type)(run, nodes, value, fieldPath);
    } catch (err) {
      run.errors.push(
        err instanceof GraphQLError && err.path !== undefined
          ? err
          : new GraphQLError(err instanceof Error ? err.message : String(err), {
              nodes,
              path: pathArray(fieldPath),
              originalError: err instanceof Error ? err : undefined,
            }),
      );
      out[key] = null;
    }
  }
  return out;
}

type Completer = (run: Run, nodes: FieldNode[], value: unknown, path: Path) => unknown;

/** Completion compiled once per output type: the isX type tests run here, not once per value. */
const completers = new WeakMap<GraphQLOutputType, Completer>();

function completerFor(type: GraphQLOutputType): Completer {
  let c = completers.get(type);
  if (c === undefined) {
    c = compile(type);
    completers.set(type, c);
  }
  return c;
}

function compile(type: GraphQLOutputType): Completer {
  if (isNonNullType(type)) {
    const inner = completerFor(type.ofType);
    return (run, nodes, value, path) => {
      const v = inner(run, nodes, value, path);
      if (v === null) throw nullError(nodes, path);
      return v;
    };
  }
  if (isListType(type)) {
    const item = type.ofType;
    const named = getNamedType(item);
    if (isObjectType(named)) {
      const nonNull = isNonNullType(item);
      return (run, nodes, value, path) => {
        if (value === null || value === undefined) return null;
        if (!Array.isArray(value)) throw new GraphQLError('Expected a list.', { nodes, path: pathArray(path) });
        // The sub-selection is the same for every element: collect it once per list, not once per element.
        const fields = collect(
          run,
          nodes.map((n) => n.selectionSet),
        );
        return value.map((v: unknown, i) => {
          if (v !== null && v !== undefined) return executeFields(run, named, v, fields, { prev: path, key: i });
          if (nonNull) throw nullError(nodes, path);
          return null;
        });
      };
    }
    const inner = completerFor(item);
    return (run, nodes, value, path) => {
      if (value === null || value === undefined) return null;
      if (!Array.isArray(value)) throw new GraphQLError('Expected a list.', { nodes, path: pathArray(path) });
      return value.map((v: unknown, i) => inner(run, nodes, v, { prev: path, key: i }));
    };
  }
  if (isLeafType(type)) {
    return (_run, _nodes, value) => (value === null || value === undefined ? null : type.serialize(value));
  }
  if (isObjectType(type)) {
    return (run, nodes, value, path) =>
      value === null || value === undefined
        ? null
        : executeFields(
            run,
            type,
            value,
            collect(
              run,
              nodes.map((n) => n.selectionSet),
            ),
            path,
          );
  }
  return (_run, nodes, _value, path) => {
    throw new GraphQLError('Abstract types are not supported.', { nodes, path: pathArray(path) });
  };
}

function nullError(nodes: FieldNode[], path: Path): GraphQLError {
  return new GraphQLError('Cannot return null for non-nullable field.', { nodes, path: pathArray(path) });
}

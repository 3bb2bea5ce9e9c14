import { GraphQLError, Kind, type GraphQLScalarType, type GraphQLSchema, type ValueNode } from 'graphql';
import { formatTime, parseTime } from '../query/time-dimensions.js';

/**
 * Behaviour of Cloudflare's custom scalars. Parsing is lenient the way Cloudflare's is: integers also arrive as
 * numeric strings, Time accepts any RFC 3339 fraction. Range checks (e.g. a non-positive `limit`) are left to the
 * resolvers, which answer with Cloudflare's own messages.
 */
interface ScalarBehaviour {
  readonly serialize: (value: unknown) => unknown;
  readonly parseValue: (value: unknown) => unknown;
  readonly parseLiteral: (node: ValueNode) => unknown;
}

const fail = (type: string, what: unknown): never => {
  throw new GraphQLError(`${type} cannot represent value: ${JSON.stringify(what)}`);
};

function literal(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.LIST:
      return node.values.map(literal);
    case Kind.NULL:
    case Kind.OBJECT:
    case Kind.VARIABLE:
      return undefined;
  }
}

function numeric(type: string, integer: boolean): ScalarBehaviour {
  const parse = (v: unknown): number => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return fail(type, v);
    return n;
  };
  return {
    serialize: (v) => (typeof v === 'number' ? v : parse(v)),
    parseValue: parse,
    parseLiteral: (n) => parse(literal(n)),
  };
}

function stringish(type: string): ScalarBehaviour {
  const parse = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : fail(type, v));
  return { serialize: parse, parseValue: parse, parseLiteral: (n) => parse(literal(n)) };
}

const time: ScalarBehaviour = {
  serialize: (v) => (typeof v === 'number' ? formatTime(v) : v),
  parseValue: (v) => (Number.isNaN(parseTime(v)) ? fail('Time', v) : v),
  parseLiteral: (n) => {
    const v = literal(n);
    return Number.isNaN(parseTime(v)) ? fail('Time', v) : v;
  },
};

const date: ScalarBehaviour = {
  serialize: (v) => v,
  parseValue: (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : fail('Date', v)),
  parseLiteral: (n) => date.parseValue(literal(n)),
};

const bool: ScalarBehaviour = {
  serialize: (v) => Boolean(v),
  parseValue: (v) => (typeof v === 'boolean' ? v : fail('bool', v)),
  parseLiteral: (n) => bool.parseValue(literal(n)),
};

/** `bytes` is how Cloudflare types `_in` lists of uint8: we take a list of small integers. */
const bytes: ScalarBehaviour = {
  serialize: (v) => v,
  parseValue: (v) => (Array.isArray(v) ? v.map((x) => Number(x)) : fail('bytes', v)),
  parseLiteral: (n) => bytes.parseValue(literal(n)),
};

const BEHAVIOURS: Readonly<Record<string, ScalarBehaviour>> = {
  string: stringish('string'),
  uint8: numeric('uint8', true),
  uint16: numeric('uint16', true),
  uint32: numeric('uint32', true),
  uint64: numeric('uint64', true),
  int64: numeric('int64', true),
  float64: numeric('float64', false),
  Time: time,
  Date: date,
  bool,
  bytes,
};

/** buildSchema gives custom scalars identity behaviour; this installs Cloudflare's. */
export function installScalars(schema: GraphQLSchema): void {
  for (const [name, behaviour] of Object.entries(BEHAVIOURS)) {
    const type = schema.getType(name) as GraphQLScalarType | undefined;
    if (type === undefined) continue;
    type.serialize = behaviour.serialize;
    type.parseValue = behaviour.parseValue;
    type.parseLiteral = behaviour.parseLiteral;
  }
}

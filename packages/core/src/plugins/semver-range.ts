/**
 * Just enough semver to check a plugin's declared core range: `^1.2.3`, `~1.2`, `>=0.1.0 <2`, `1.x`, `*`,
 * `a || b`, hyphen ranges `1.0.0 - 1.4`. Pre-release tags compare below their release and are otherwise ignored;
 * a full semver library would be one more dependency for a check that runs once per plugin.
 */

type Triple = readonly [number, number, number];
interface Comparator {
  readonly op: '<' | '<=' | '>' | '>=' | '=';
  readonly version: Triple;
  readonly pre: boolean;
}

const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

interface Partial {
  readonly parts: readonly (number | undefined)[]; // undefined = wildcard or missing
  readonly pre: boolean;
}

function parsePartial(text: string): Partial | undefined {
  const m = PARTIAL.exec(text);
  if (m === null) return undefined;
  const num = (s: string | undefined): number | undefined =>
    s === undefined || s === 'x' || s === 'X' || s === '*' ? undefined : Number(s);
  const parts = [num(m[1]), num(m[2]), num(m[3])];
  // "1.x.3" makes no sense: everything after the first wildcard is a wildcard.
  const firstWild = parts.indexOf(undefined);
  const cleaned = firstWild < 0 ? parts : parts.map((p, i) => (i >= firstWild ? undefined : p));
  return { parts: cleaned, pre: m[4] !== undefined };
}

/** Parses "1.2.3" (optionally with pre-release/build); undefined when not a full version. */
export function parseVersion(text: string): { version: Triple; pre: boolean } | undefined {
  const p = parsePartial(text.trim());
  if (p === undefined || p.parts.some((x) => x === undefined)) return undefined;
  return { version: [p.parts[0] ?? 0, p.parts[1] ?? 0, p.parts[2] ?? 0], pre: p.pre };
}

function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function floor(p: Partial): Triple {
  return [p.parts[0] ?? 0, p.parts[1] ?? 0, p.parts[2] ?? 0];
}

/** Lowest version NOT matched by the partial when read as "this prefix" (1.2 → 1.3.0, 1 → 2.0.0). */
function ceilingOfPrefix(p: Partial): Triple | undefined {
  const [a, b, c] = p.parts;
  if (a === undefined) return undefined;
  if (b === undefined) return [a + 1, 0, 0];
  if (c === undefined) return [a, b + 1, 0];
  return undefined;
}

function comparatorsOf(token: string): Comparator[] | undefined {
  const m = /^(\^|~>?|>=|<=|>|<|=)?\s*(.+)$/.exec(token);
  if (m === null) return undefined;
  const op = m[1] ?? '';
  const p = parsePartial(m[2] ?? '');
  if (p === undefined) return undefined;
  const lo = floor(p);
  const ge = (v: Triple): Comparator => ({ op: '>=', version: v, pre: p.pre });
  const lt = (v: Triple): Comparator => ({ op: '<', version: v, pre: false });
  const [a, b] = p.parts;
  switch (op) {
    case '^': {
      if (a === undefined) return [];
      // ^ allows changes that do not modify the left-most non-zero part.
      const hi: Triple =
        a > 0 || b === undefined
          ? [a + 1, 0, 0]
          : b > 0 || p.parts[2] === undefined
            ? [0, b + 1, 0]
            : [0, 0, lo[2] + 1];
      return [ge(lo), lt(hi)];
    }
    case '~':
    case '~>': {
      if (a === undefined) return [];
      return [ge(lo), lt(b === undefined ? [a + 1, 0, 0] : [a, b + 1, 0])];
    }
    case '':
    case '=': {
      const hi = ceilingOfPrefix(p);
      if (a === undefined) return [];
      return hi === undefined ? [{ op: '=', version: lo, pre: p.pre }] : [ge(lo), lt(hi)];
    }
    case '>': {
      const hi = ceilingOfPrefix(p);
      return hi === undefined ? [{ op: '>', version: lo, pre: p.pre }] : [ge(hi)];
    }
    case '>=':
      return [ge(lo)];
    case '<':
      return [lt(lo)];
    case '<=': {
      const hi = ceilingOfPrefix(p);
      return hi === undefined ? [{ op: '<=', version: lo, pre: p.pre }] : [lt(hi)];
    }
    default:
      return undefined;
  }
}

function parseSet(text: string): Comparator[] | undefined {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen !== null) {
    const from = comparatorsOf(`>=${hyphen[1] ?? ''}`);
    const to = comparatorsOf(`<=${hyphen[2] ?? ''}`);
    return from === undefined || to === undefined ? undefined : [...from, ...to];
  }
  // Allow "> = 1.0" style spacing after an operator, then split on whitespace.
  const tokens = text
    .replace(/(\^|~>?|>=|<=|>|<|=)\s+/g, '$1')
    .split(/\s+/)
    .filter(Boolean);
  const out: Comparator[] = [];
  for (const t of tokens) {
    const cs = comparatorsOf(t);
    if (cs === undefined) return undefined;
    out.push(...cs);
  }
  return out;
}

/** Whether the range text can be understood at all (used to report a malformed range, not a mismatch). */
export function isValidRange(range: string): boolean {
  return range.split('||').every((set) => parseSet(set.trim()) !== undefined);
}

/** True when `version` satisfies `range`. Pre-release versions only match ranges that mention a pre-release. */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (v === undefined) return false;
  return range.split('||').some((set) => {
    const comparators = parseSet(set.trim());
    if (comparators === undefined) return false;
    if (v.pre && !comparators.some((c) => c.pre)) return false;
    return comparators.every((c) => {
      const d = compare(v.version, c.version);
      // A pre-release sorts before its release: 1.0.0-rc.1 < 1.0.0.
      const dd = d === 0 && v.pre && !c.pre ? -1 : d;
      switch (c.op) {
        case '<':
          return dd < 0;
        case '<=':
          return dd <= 0;
        case '>':
          return dd > 0;
        case '>=':
          return dd >= 0;
        case '=':
          return dd === 0;
      }
    });
  });
}

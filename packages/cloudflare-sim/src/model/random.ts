/**
 * Deterministic randomness. Every number the simulator makes derives from `hashOf(seed, ...parts)`, so a value
 * depends only on what it describes (zone, minute, series) and never on the order in which queries arrive.
 */

const TWO_32 = 4294967296;

/** One round of a murmur3-style finaliser over `h ^ v`. */
export function mix32(h: number, v: number): number {
  let x = Math.imul(h ^ v, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A 32-bit hash of a seed and a list of integers (any size up to 2^53) and strings. */
export function hashOf(seed: number, ...parts: readonly (number | string)[]): number {
  let h = mix32(0x9e3779b9, seed | 0);
  for (const part of parts) {
    if (typeof part === 'number') {
      h = mix32(h, part | 0);
      h = mix32(h, Math.floor(part / TWO_32) | 0);
    } else {
      for (let i = 0; i < part.length; i++) h = mix32(h, part.charCodeAt(i));
      h = mix32(h, part.length);
    }
  }
  return h;
}

/** A uniform number in [0, 1) from a hash, for one-off draws that need no stream. */
export function unitOf(seed: number, ...parts: readonly (number | string)[]): number {
  return hashOf(seed, ...parts) / TWO_32;
}

/** mulberry32: tiny, fast and good enough for synthetic traffic. */
export class Rng {
  // A typed array keeps the 32-bit state unboxed; a plain number field above 2^30 is a heap number in V8.
  private readonly state = new Int32Array(1);

  constructor(seed: number) {
    this.state[0] = seed | 0;
  }

  next(): number {
    const s = this.state;
    let t = (s[0] = ((s[0] as number) + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_32;
  }

  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/** A weighted choice over a fixed list, precomputed once and picked with one uniform draw. */
export class Categorical<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(weighted: readonly (readonly [T, number])[]) {
    if (weighted.length === 0) throw new RangeError('a categorical distribution needs at least one value');
    const total = weighted.reduce((sum, [, w]) => sum + w, 0);
    let acc = 0;
    this.values = weighted.map(([v]) => v);
    this.cumulative = Float64Array.from(weighted, ([, w]) => (acc += w / total));
  }

  pick(rng: Rng): T {
    const u = rng.next();
    const cum = this.cumulative;
    const n = cum.length - 1;
    for (let i = 0; i < n; i++) if (u < (cum[i] as number)) return this.values[i] as T;
    return this.values[this.values.length - 1] as T;
  }
}

/** 32 lowercase hex characters, the shape of Cloudflare zone and account tags. */
export function hexTag(seed: number, ...parts: readonly (number | string)[]): string {
  let out = '';
  for (let word = 0; word < 4; word++)
    out += hashOf(seed, ...parts, word)
      .toString(16)
      .padStart(8, '0');
  return out;
}

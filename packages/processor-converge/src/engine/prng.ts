/**
 * A seeded pseudo-random source (mulberry32): the engine's only randomness (which trackers have their history
 * recorded), kept in the engine's state and checkpoint so that a run is a pure function of its inputs and a
 * restored engine draws exactly what an uninterrupted one would.
 */
export class Prng {
  constructor(private s: number) {
    this.s = s >>> 0;
  }

  get state(): number {
    return this.s;
  }

  set state(s: number) {
    this.s = s >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
}

import { Categorical, hashOf, hexTag, Rng } from './random.js';

/** One simulated zone: its identity and the knobs that make its traffic unlike its neighbours'. */
export interface ZoneProfile {
  readonly index: number;
  readonly tag: string;
  readonly name: string;
  readonly hosts: Categorical<string>;
  readonly hostNames: readonly string[];
  /** Mean requests per minute before the daily cycle. */
  readonly scale: number;
  /** Hours by which this zone's daily peak is shifted. */
  readonly phase: number;
  /** Share of requests a firewall rule acts on outside attacks. */
  readonly mitigationRate: number;
  /** Unique visitors per request. */
  readonly uniqueRatio: number;
  /** Probability that a minute carries an attack burst. */
  readonly attackRate: number;
}

export function zoneName(index: number): string {
  return `zone-${String(index).padStart(3, '0')}.example.com`;
}

/** Zones are a pure function of (seed, index), so two simulators with one seed agree on every tag. */
export function makeZones(seed: number, count: number, trafficPerMinute: number): ZoneProfile[] {
  const zones: ZoneProfile[] = [];
  for (let index = 0; index < count; index++) {
    const rng = new Rng(hashOf(seed, 'zone-profile', index));
    const name = zoneName(index);
    const hostNames = [name, `www.${name}`, `api.${name}`, `static.${name}`];
    const hostWeights = [rng.between(10, 40), rng.between(20, 50), rng.between(5, 30), rng.between(0, 20)];
    // Log-normal spread: a few big zones and a long tail of small ones, as in a real account.
    const scale = Math.max(5, trafficPerMinute * Math.exp(0.7 * rng.normal() - 0.245));
    zones.push({
      index,
      tag: hexTag(seed, 'zone-tag', index),
      name,
      hostNames,
      hosts: new Categorical(hostNames.map((h, i) => [h, hostWeights[i] ?? 1] as const)),
      scale,
      phase: rng.between(-3, 3),
      mitigationRate: rng.between(0.005, 0.03),
      uniqueRatio: rng.between(0.08, 0.3),
      attackRate: rng.between(0.005, 0.03),
    });
  }
  return zones;
}

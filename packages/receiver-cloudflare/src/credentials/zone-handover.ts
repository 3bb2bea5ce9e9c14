/** What a member recorded of its share: the tags it owned, and those it gave up but polls until a time. */
export interface ShareRecord {
  readonly owned: readonly string[];
  /** Tag → until (ms): a handover, see `nextShare`. */
  readonly handover: Readonly<Record<string, number>>;
}

export interface NextShare {
  readonly record: ShareRecord;
  /** Tags whose handover starts now (owned in `previous`, owned no more). */
  readonly started: readonly string[];
  /** Tags whose handover ended now (its time passed, or the tag is owned again). */
  readonly ended: readonly string[];
}

/**
 * The share after a change of the zone list, of the membership (a restart with another `service.cluster`) or
 * of the time: `known` are the tags there are now (zones of the zone list), `owns` says which this member owns.
 * A tag owned in `previous` and owned no more is handed over: still polled until `nowMs + lookbackMs`, so the
 * buckets this member already holds in converge windows keep being refreshed until they leave the lookback,
 * instead of being force-pushed at their TTL with the value last seen (at the same timestamps as the new
 * owner's final values, which dedup might not keep). Running handovers go on until their time; tags no longer
 * known are forgotten.
 */
export function nextShare(
  previous: ShareRecord | undefined,
  known: readonly string[],
  owns: (tag: string) => boolean,
  nowMs: number,
  lookbackMs: number,
): NextShare {
  const wasOwned = new Set(previous?.owned ?? []);
  const owned: string[] = [];
  const handover: Record<string, number> = {};
  const started: string[] = [];
  for (const tag of known) {
    if (owns(tag)) {
      owned.push(tag);
      continue;
    }
    const until = previous?.handover[tag];
    if (until !== undefined && until > nowMs) {
      handover[tag] = until;
    } else if (wasOwned.has(tag)) {
      handover[tag] = nowMs + lookbackMs;
      started.push(tag);
    }
  }
  const ended = Object.keys(previous?.handover ?? {}).filter((t) => handover[t] === undefined);
  return { record: { owned, handover }, started, ended };
}

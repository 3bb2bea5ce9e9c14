/** Points per second of one run, per wall second and per CPU second of the process (user + system). */
export interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

/** All runs of one bench case, as `toolbox-bench --json` prints them. */
export interface CaseResult {
  readonly name: string;
  readonly runs: readonly Rate[];
}

export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
}

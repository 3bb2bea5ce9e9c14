// The HA loopback harness (issue 16): settle members as child processes on one Cloudflare simulator and a
// shared accelerated clock, pushing into a real VictoriaMetrics (directly or through vmagent), and the checks
// against the simulator's truth. Used by packages/cli/test/ha-*.test.ts.
export { checkBuckets, describeBuckets } from './bucket-check.js';
export type { BucketCheckOptions, BucketReport } from './bucket-check.js';
export { expectCleanFailover, runFailover } from './failover.js';
export type { FailoverPlan, FailoverResult } from './failover.js';
export { HaCluster } from './ha-cluster.js';
export type { HaClusterOptions } from './ha-cluster.js';
export { memberConfig } from './member-config.js';
export type { MemberConfigOptions } from './member-config.js';
export { startMember } from './member-process.js';
export type { MemberProcess } from './member-process.js';
export { haSkipReason } from './prerequisites.js';
export { SharedClock } from './shared-clock.js';
export { memberTokens, ownerMismatches, zoneQueriers } from './zone-queriers.js';
export type { ZoneTokenCounts } from './zone-queriers.js';

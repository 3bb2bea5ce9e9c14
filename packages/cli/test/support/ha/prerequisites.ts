import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  MISSING_VMAGENT_MESSAGE,
  MISSING_VM_MESSAGE,
  victoriaMetricsBinary,
  vmagentBinary,
} from '@settle/exporter-vm/testing';

const BUILT = existsSync(fileURLToPath(new URL('../../../dist/src/registry.js', import.meta.url)));

/**
 * Why an HA test cannot run here (a binary absent, the workspace not built: members run the built CLI), or
 * undefined. Logged loudly by the caller, which then skips.
 */
export function haSkipReason(via: 'direct' | 'vmagent'): string | undefined {
  if (victoriaMetricsBinary() === undefined) return MISSING_VM_MESSAGE;
  if (via === 'vmagent' && vmagentBinary() === undefined) return MISSING_VMAGENT_MESSAGE;
  if (!BUILT) return 'SKIPPED: the workspace is not built (run `pnpm build` first): members run the built CLI';
  return undefined;
}

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  MISSING_VM112_MESSAGE,
  MISSING_VMAGENT_MESSAGE,
  victoriaMetrics112Binary,
  vmagentBinary,
} from '@settle/exporter-vm/testing';

const BUILT = existsSync(fileURLToPath(new URL('../../../dist/src/registry.js', import.meta.url)));

/**
 * Why an HA test cannot run here, or undefined: a binary absent (VictoriaMetrics 1.112; vmagent for the vmagent
 * variant), or the workspace not built (members run the built CLI). Logged loudly by the caller, which skips.
 */
export function haSkipReason(via: 'direct' | 'vmagent'): string | undefined {
  if (victoriaMetrics112Binary() === undefined) return MISSING_VM112_MESSAGE;
  if (via === 'vmagent' && vmagentBinary() === undefined) return MISSING_VMAGENT_MESSAGE;
  if (!BUILT) return 'SKIPPED: the workspace is not built (run `pnpm build` first): members run the built CLI';
  return undefined;
}

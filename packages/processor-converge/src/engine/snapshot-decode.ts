import { decodeBinarySnapshot } from './snapshot-decode-binary.js';
import { decodeJsonSnapshot } from './snapshot-decode-json.js';
import { isFrame } from './snapshot-frame.js';
import { isObject } from './snapshot-checks.js';
import { invalidSnapshot } from './snapshot-json.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_JSON, type DecodedState } from './snapshot.js';

/**
 * Checks and decodes a snapshot read back from storage: the binary format (bytes) or the older JSON one
 * (a parsed object). Checkpoints come from disk, so anything may be in there: every structural problem
 * becomes a SettleError that says what is wrong, never a TypeError later.
 */
export function decodeSnapshot(input: unknown): DecodedState {
  if (isFrame(input)) return decodeBinarySnapshot(input);
  if (!isObject(input)) throw invalidSnapshot('not an object');
  if (input.format !== SNAPSHOT_FORMAT_JSON) {
    throw invalidSnapshot(
      `format is ${JSON.stringify(input.format)}, expected "${SNAPSHOT_FORMAT}" (bytes) or "${SNAPSHOT_FORMAT_JSON}"`,
    );
  }
  return decodeJsonSnapshot(input);
}

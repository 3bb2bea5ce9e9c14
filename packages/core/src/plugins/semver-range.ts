import semver from 'semver';

// A plugin's declared core range is checked with npm's own semver rules, so it means what npm means by it.

/** Whether the range text can be understood at all (used to report a malformed range, not a mismatch). */
export function isValidRange(range: string): boolean {
  return semver.validRange(range) !== null;
}

/**
 * True when `version` satisfies `range`; false for a version that is not one. As in npm, a pre-release matches only
 * a range that names a pre-release of the same major.minor.patch.
 */
export function satisfies(version: string, range: string): boolean {
  return semver.satisfies(version, range);
}

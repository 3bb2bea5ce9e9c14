import { readdir } from 'node:fs/promises';

const SEGMENT = /^segment-(\d{16})\.log$/;

/** Segment files are named after the first seq written to them, zero-padded so names sort in seq order. */
export function segmentName(firstSeq: number): string {
  return `segment-${String(firstSeq).padStart(16, '0')}.log`;
}

/** Segment file names in a directory, oldest first. */
export async function listSegments(directory: string): Promise<string[]> {
  const names = await readdir(directory);
  return names.filter((n) => SEGMENT.test(n)).sort();
}

/** What the store knows about one segment file on disk. */
export interface SegmentInfo {
  readonly name: string;
  /** Highest seq in the file (-1 while empty). */
  lastSeq: number;
  bytes: number;
}
